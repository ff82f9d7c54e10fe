/// A time zone as the replay needs it: the tax day of an instant, and the instant of a wall-clock time. The tax time
/// zone (`TaxTimeZone`, which reads the system's zone database) conforms; the core and the store see only this.
public protocol CivilTimeZone: Sendable {
    /// The day `instant` falls on in this zone.
    func date(of instant: Instant) -> CivilDate
    /// The instant of a wall-clock time in this zone (`localMilliseconds` since 1970-01-01T00:00 local).
    func instant(localMilliseconds: Int64) -> Instant
}
