/// The version of this build of Parley, shown by `parley --version` and the daemon's `system.info`.
public enum ParleyVersion {
    public static let current = "0.1.0"
}
