/// Facts about this build of swift-disentangle.
public enum LibraryInfo {
    /// The library's semantic version.
    public static let version = "0.1.0"
}
