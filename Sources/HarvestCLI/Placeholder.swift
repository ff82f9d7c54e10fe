public struct HarvestCommand { public static func main() {} }
