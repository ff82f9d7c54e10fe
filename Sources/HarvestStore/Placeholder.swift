enum _PlaceholderHarvestStore {}
