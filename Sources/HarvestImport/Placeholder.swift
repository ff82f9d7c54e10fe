enum _PlaceholderHarvestImport {}
