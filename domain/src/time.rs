//! UTC instants and calendar days without a date library.
//!
//! The domain never reads the clock: callers pass "now" in, which keeps every
//! rule deterministic, testable, and usable with the provider's test clock.
//! Only UTC exists here; local presentation is the UI's concern.

use std::fmt;

const MS_PER_SECOND: i64 = 1_000;
const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

/// An instant in UTC: milliseconds since the Unix epoch.
///
/// Arithmetic saturates instead of panicking, because a wildly out-of-range
/// value (e.g. from a corrupt row) must not take down the server or the page.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timestamp(i64);

impl Timestamp {
    /// The instant `ms` milliseconds after the Unix epoch (negative: before it).
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The UTC instant of a calendar date and time of day; `None` when any part
    /// is out of range (no leap seconds, no 24:00).
    pub fn from_ymd_hms(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> Option<Self> {
        let date = CivilDate::new(y, m, d)?;
        if h >= 24 || min >= 60 || s >= 60 {
            return None;
        }
        let time_of_day = i64::from(h) * MS_PER_HOUR
            + i64::from(min) * MS_PER_MINUTE
            + i64::from(s) * MS_PER_SECOND;
        date.days_since_epoch()
            .checked_mul(MS_PER_DAY)?
            .checked_add(time_of_day)
            .map(Self)
    }

    /// This instant moved forward by `d` (backward if `d` is negative).
    pub fn plus(self, d: Span) -> Self {
        Self(self.0.saturating_add(d.0))
    }

    /// This instant moved backward by `d`.
    pub fn minus(self, d: Span) -> Self {
        Self(self.0.saturating_sub(d.0))
    }

    /// The time from `earlier` to `self`; negative when `earlier` is actually later.
    pub fn since(self, earlier: Timestamp) -> Span {
        Span(self.0.saturating_sub(earlier.0))
    }

    /// The UTC calendar day containing this instant.
    pub fn date(self) -> CivilDate {
        CivilDate::from_days_since_epoch(self.0.div_euclid(MS_PER_DAY))
    }

    /// RFC 3339 at seconds precision, always in UTC: `"2026-03-08T10:00:00Z"`.
    ///
    /// Sub-second parts are dropped (floored) because nothing user-facing or
    /// stored as text needs them.
    pub fn to_rfc3339(self) -> String {
        let (h, m, s) = self.time_of_day();
        format!("{}T{h:02}:{m:02}:{s:02}Z", self.date())
    }

    /// Parses `"YYYY-MM-DDTHH:MM:SSZ"`, optionally with a fraction
    /// (`".fff"`, 1 to 9 digits, truncated to milliseconds).
    ///
    /// A numeric offset (`"+02:00"`) is accepted too and converted to UTC, and
    /// `t`/`z` may be lower case as RFC 3339 allows, so values coming back from
    /// databases and browsers parse without extra massaging.
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let year = i32::try_from(digits(&b[0..4])?).ok()?;
        let base = Self::from_ymd_hms(
            year,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        )?;

        let mut rest = &b[19..];
        let mut fraction_ms = 0;
        if let Some((b'.', after_dot)) = rest.split_first() {
            let len = after_dot.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=9).contains(&len) {
                return None;
            }
            // Pad/truncate to exactly three digits: ".5" is 500 ms.
            fraction_ms = after_dot[..len]
                .iter()
                .chain(std::iter::repeat(&b'0'))
                .take(3)
                .fold(0, |acc, c| acc * 10 + i64::from(c - b'0'));
            rest = &after_dot[len..];
        }

        let offset_ms = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = i64::from(digits(&[*h1, *h2])?);
                let m = i64::from(digits(&[*m1, *m2])?);
                if h >= 24 || m >= 60 {
                    return None;
                }
                let magnitude = h * MS_PER_HOUR + m * MS_PER_MINUTE;
                if *sign == b'+' {
                    magnitude
                } else {
                    -magnitude
                }
            }
            _ => return None,
        };
        base.0
            .checked_add(fraction_ms)?
            .checked_sub(offset_ms)
            .map(Self)
    }

    /// Minute precision for people: `"2026-03-08 10:00 UTC"`.
    pub fn display_minutes(self) -> String {
        let (h, m, _) = self.time_of_day();
        format!("{} {h:02}:{m:02} UTC", self.date())
    }

    /// The minute as Chinese and Japanese write dates (`2026年3月8日
    /// 10:00 (UTC)`), still in UTC and saying so.
    pub fn display_minutes_cjk(self) -> String {
        let (h, m, _) = self.time_of_day();
        let d = self.date();
        format!("{}年{}月{}日 {h:02}:{m:02} (UTC)", d.year, d.month, d.day)
    }

    /// Hours, minutes and seconds into the UTC day.
    fn time_of_day(self) -> (i64, i64, i64) {
        let ms = self.0.rem_euclid(MS_PER_DAY);
        (
            ms / MS_PER_HOUR,
            ms % MS_PER_HOUR / MS_PER_MINUTE,
            ms % MS_PER_MINUTE / MS_PER_SECOND,
        )
    }
}

/// Same as [`Timestamp::to_rfc3339`], so instants read well in logs and error messages.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// The value of a run of ASCII digits; `None` if any byte is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// A signed length of time in milliseconds.
///
/// Constructors saturate so that even absurd constants cannot overflow.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span(i64);

impl Span {
    /// `ms` milliseconds.
    pub const fn millis(ms: i64) -> Self {
        Self(ms)
    }

    /// `s` seconds.
    pub const fn seconds(s: i64) -> Self {
        Self(s.saturating_mul(MS_PER_SECOND))
    }

    /// `m` minutes.
    pub const fn minutes(m: i64) -> Self {
        Self(m.saturating_mul(MS_PER_MINUTE))
    }

    /// `h` hours.
    pub const fn hours(h: i64) -> Self {
        Self(h.saturating_mul(MS_PER_HOUR))
    }

    /// `d` days of exactly 24 hours (UTC has no DST).
    pub const fn days(d: i64) -> Self {
        Self(d.saturating_mul(MS_PER_DAY))
    }

    /// The length in milliseconds.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// As a `std` duration, for timeouts; a negative span is zero.
    pub fn to_std(self) -> std::time::Duration {
        std::time::Duration::from_millis(u64::try_from(self.0).unwrap_or(0))
    }
}

/// A day in the proleptic Gregorian calendar.
///
/// Fields are public for convenient matching; [`CivilDate::new`] is the
/// validating constructor.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Days from 0000-03-01 to 1970-01-01 in Hinnant's algorithms, which count
/// from March so that the leap day falls at the end of the year.
const EPOCH_SHIFT: i64 = 719_468;
const DAYS_PER_ERA: i64 = 146_097;

/// The range of day numbers a [`Timestamp`] can reach; converting days outside
/// it saturates, so the year always fits in an `i32`.
const MIN_DAYS: i64 = i64::MIN / MS_PER_DAY - 1;
const MAX_DAYS: i64 = i64::MAX / MS_PER_DAY;

impl CivilDate {
    /// A validated date; `None` for month 0/13, day 0, February 30 and the like.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=Self::days_in_month(year, month)).contains(&day))
            .then_some(Self { year, month, day })
    }

    /// `"2026-03-08"` (ISO 8601, four-digit year, as an HTML date input
    /// sends it); `None` for anything else or a day that does not exist.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
        let digits = s
            .chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !digits {
            return None;
        }
        Self::new(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
    }

    /// Days since 1970-01-01 (Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400; // [0, 399]
        let mp = (m + 9) % 12; // March = 0
        let doy = (153 * mp + 2) / 5 + d - 1; // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
        era * DAYS_PER_ERA + doe - EPOCH_SHIFT
    }

    /// The date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
    ///
    /// Saturates to the range of [`Timestamp`] so the year cannot overflow.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days.clamp(MIN_DAYS, MAX_DAYS) + EPOCH_SHIFT;
        let era = z.div_euclid(DAYS_PER_ERA);
        let doe = z - era * DAYS_PER_ERA; // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365; // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
        let mp = (5 * doy + 2) / 153; // March = 0
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self {
            // In range thanks to the clamp above (|year| < 3e8).
            year: year as i32,
            month: month as u32,
            day: day as u32,
        }
    }

    /// Midnight UTC at the start of this day.
    pub fn start(self) -> Timestamp {
        Timestamp(self.days_since_epoch().saturating_mul(MS_PER_DAY))
    }

    /// Length of `month` (1–12) in `year`; 0 for an invalid month.
    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap_year(year) => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// The date `n` days later (earlier if `n` is negative).
    pub fn add_days(self, n: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch().saturating_add(n))
    }
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// ISO 8601 `"2026-03-08"`; years outside 0000–9999 use the expanded form
/// (`"+10000-01-01"`, `"-0001-01-01"`) so the output stays unambiguous.
impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self { year, month, day } = *self;
        if (0..=9999).contains(&year) {
            write!(f, "{year:04}-{month:02}-{day:02}")
        } else {
            let sign = if year < 0 { '-' } else { '+' };
            write!(f, "{sign}{:04}-{month:02}-{day:02}", year.unsigned_abs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> Timestamp {
        Timestamp::from_ymd_hms(y, m, d, h, min, s).unwrap()
    }

    /// Only `YYYY-MM-DD` of a day that exists.
    #[test]
    fn an_iso_date_parses_exactly() {
        assert_eq!(
            CivilDate::parse_iso("2026-03-08"),
            CivilDate::new(2026, 3, 8)
        );
        assert_eq!(
            CivilDate::parse_iso("2024-02-29"),
            CivilDate::new(2024, 2, 29)
        );
        for bad in [
            "2026-02-29",
            "2026-3-08",
            "2026/03/08",
            "+026-03-08",
            "2026-03-0x",
            "",
            "2026-13-01",
        ] {
            assert_eq!(CivilDate::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn epoch_is_day_zero() {
        let epoch = CivilDate::new(1970, 1, 1).unwrap();
        assert_eq!(epoch.days_since_epoch(), 0);
        assert_eq!(CivilDate::from_days_since_epoch(0), epoch);
        assert_eq!(epoch.start(), Timestamp::from_millis(0));
    }

    #[test]
    fn known_dates_round_trip() {
        for (y, m, d, days) in [
            (2000, 3, 1, 11_017),
            (1969, 12, 31, -1),
            (2026, 3, 8, 20_520),
            (1600, 2, 29, -135_081),
            (2400, 12, 31, 157_419),
        ] {
            let date = CivilDate::new(y, m, d).unwrap();
            assert_eq!(date.days_since_epoch(), days, "{date}");
            assert_eq!(CivilDate::from_days_since_epoch(days), date);
        }
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert!(CivilDate::new(2025, 2, 29).is_none());
        assert!(CivilDate::new(1900, 2, 29).is_none());
        assert!(CivilDate::new(2000, 2, 29).is_some());
        assert!(CivilDate::new(2026, 13, 1).is_none());
        assert!(CivilDate::new(2026, 0, 1).is_none());
        assert!(CivilDate::new(2026, 4, 31).is_none());
        assert!(Timestamp::from_ymd_hms(2026, 1, 1, 24, 0, 0).is_none());
        assert!(Timestamp::from_ymd_hms(2026, 1, 1, 0, 60, 0).is_none());
        assert!(Timestamp::from_ymd_hms(2026, 1, 1, 0, 0, 60).is_none());
    }

    #[test]
    fn days_in_month_handles_leap_years() {
        assert_eq!(CivilDate::days_in_month(2024, 2), 29);
        assert_eq!(CivilDate::days_in_month(2100, 2), 28);
        assert_eq!(CivilDate::days_in_month(2026, 12), 31);
        assert_eq!(CivilDate::days_in_month(2026, 13), 0);
    }

    #[test]
    fn add_days_crosses_months_and_years() {
        let d = CivilDate::new(2024, 12, 31).unwrap();
        assert_eq!(d.add_days(1), CivilDate::new(2025, 1, 1).unwrap());
        assert_eq!(d.add_days(60), CivilDate::new(2025, 3, 1).unwrap());
        assert_eq!(d.add_days(-366), CivilDate::new(2023, 12, 31).unwrap());
    }

    #[test]
    fn rfc3339_formatting() {
        let t = ts(2026, 3, 8, 10, 0, 0);
        assert_eq!(t.to_rfc3339(), "2026-03-08T10:00:00Z");
        assert_eq!(t.to_string(), "2026-03-08T10:00:00Z");
        assert_eq!(t.display_minutes(), "2026-03-08 10:00 UTC");
        assert_eq!(t.display_minutes_cjk(), "2026年3月8日 10:00 (UTC)");
        // Sub-second parts are floored, also before the epoch.
        assert_eq!(
            Timestamp::from_millis(-1).to_rfc3339(),
            "1969-12-31T23:59:59Z"
        );
        assert_eq!(
            t.plus(Span::millis(999)).to_rfc3339(),
            "2026-03-08T10:00:00Z"
        );
    }

    #[test]
    fn rfc3339_parsing() {
        let t = ts(2026, 3, 8, 10, 0, 0);
        assert_eq!(Timestamp::parse_rfc3339("2026-03-08T10:00:00Z"), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-08T10:00:00.250Z"),
            Some(t.plus(Span::millis(250)))
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-08T10:00:00.5Z"),
            Some(t.plus(Span::millis(500)))
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-08T10:00:00.123456789Z"),
            Some(t.plus(Span::millis(123)))
        );
        assert_eq!(Timestamp::parse_rfc3339("2026-03-08t10:00:00z"), Some(t));
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-08T12:30:00+02:30"),
            Some(t)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2026-03-08T09:00:00-01:00"),
            Some(t)
        );
        for bad in [
            "",
            "2026-03-08",
            "2026-03-08T10:00:00",
            "2026-03-08 10:00:00Z",
            "2026-02-30T10:00:00Z",
            "2026-03-08T25:00:00Z",
            "2026-03-08T10:00:00.Z",
            "2026-03-08T10:00:00.1234567890Z",
            "2026-03-08T10:00:00Zjunk",
            "+026-03-08T10:00:00Z",
            "2026-03-08T10:00:00+2:00",
            "２026-03-08T10:00:00Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn span_units() {
        assert_eq!(Span::seconds(2).as_millis(), 2_000);
        assert_eq!(Span::minutes(15).as_millis(), 900_000);
        assert_eq!(Span::hours(1), Span::minutes(60));
        assert_eq!(Span::days(60), Span::hours(1_440));
        assert_eq!(Span::days(i64::MAX).as_millis(), i64::MAX);
        assert_eq!(
            Span::seconds(30).to_std(),
            std::time::Duration::from_secs(30)
        );
        assert_eq!(Span::millis(-5).to_std(), std::time::Duration::ZERO);
    }

    #[test]
    fn instant_arithmetic() {
        let a = ts(2026, 3, 8, 10, 0, 0);
        let b = a.plus(Span::days(60));
        assert_eq!(b, ts(2026, 5, 7, 10, 0, 0));
        assert_eq!(b.since(a), Span::days(60));
        assert_eq!(a.since(b), Span::days(-60));
        assert_eq!(b.minus(Span::days(60)), a);
        assert_eq!(
            Timestamp::from_millis(i64::MAX)
                .plus(Span::days(1))
                .millis(),
            i64::MAX
        );
    }

    #[test]
    fn date_of_an_instant_is_the_utc_day() {
        assert_eq!(
            ts(2026, 3, 8, 23, 59, 59).date(),
            CivilDate::new(2026, 3, 8).unwrap()
        );
        assert_eq!(
            Timestamp::from_millis(-1).date(),
            CivilDate::new(1969, 12, 31).unwrap()
        );
        assert_eq!(
            CivilDate::new(2026, 3, 8).unwrap().to_string(),
            "2026-03-08"
        );
    }

    #[test]
    fn extreme_values_do_not_panic() {
        for ms in [i64::MIN, i64::MAX] {
            let t = Timestamp::from_millis(ms);
            assert_eq!(t.date().start().date(), t.date());
            let _ = t.to_rfc3339();
        }
        assert_eq!(
            CivilDate::from_days_since_epoch(i64::MAX),
            CivilDate::from_days_since_epoch(MAX_DAYS)
        );
        assert_eq!(CivilDate::new(-1, 1, 1).unwrap().to_string(), "-0001-01-01");
        assert_eq!(
            CivilDate::new(10_000, 1, 1).unwrap().to_string(),
            "+10000-01-01"
        );
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -4_000_000i64..4_000_000) {
            let date = CivilDate::from_days_since_epoch(days);
            prop_assert_eq!(date.days_since_epoch(), days);
            prop_assert!(CivilDate::new(date.year, date.month, date.day).is_some());
        }

        #[test]
        fn dates_round_trip(y in -9999i32..=9999, m in 1u32..=12, d in 1u32..=31) {
            if let Some(date) = CivilDate::new(y, m, d) {
                prop_assert_eq!(CivilDate::from_days_since_epoch(date.days_since_epoch()), date);
                prop_assert_eq!(date.add_days(1).days_since_epoch(), date.days_since_epoch() + 1);
            }
        }

        #[test]
        fn rfc3339_round_trips_at_second_precision(
            // 0000-01-01 to 9999-12-31, the years RFC 3339 can express.
            ms in -62_167_219_200_000i64..253_402_300_800_000
        ) {
            let t = Timestamp::from_millis(ms);
            let text = t.to_rfc3339();
            let back = Timestamp::parse_rfc3339(&text);
            prop_assert_eq!(back, Some(Timestamp::from_millis(ms.div_euclid(1000) * 1000)), "{}", text);
        }
    }
}
