//! Terraform numbers, kept exact.
//!
//! Terraform (cty) numbers are arbitrary-precision decimals (a 512-bit
//! `big.Float`). On the msgpack wire cty writes a number as an integer when
//! it is exactly an `int64`, else as a float64 when it is exactly a
//! float64, else as a decimal string (`"0.1"`, `"123456789012345678901234"`).
//! [`Number`] mirrors those three forms and keeps every value in exactly
//! one of them (its canonical form), so equal numbers compare equal and
//! re-encoding writes what cty would write:
//!
//! * `Int(i64)` — every integer in the `i64` range;
//! * `Float(f64)` — every other value that a float64 holds exactly
//!   (fractions like `0.5`, integers beyond `i64` like `2^64`, and ±∞);
//!   never NaN, never `-0.0` (that is `Int(0)`);
//! * `Decimal` — the rest, as digits and a power of ten (`0.1` is `1e-1`),
//!   never rounded.
//!
//! Text is read exactly: `"0.1"` is the decimal 0.1, not the float64
//! nearest to it, as cty reads it. A float64 is written as text by its exact
//! expansion ([`Number::to_exact_string`]), so text round-trips.

use std::fmt;
use std::str::FromStr;

/// A Terraform number. See the module documentation for the representation.
#[derive(Clone, Debug)]
pub struct Number(Repr);

/// The canonical representation; the codecs match on it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Repr {
    Int(i64),
    Float(f64),
    Decimal(Decimal),
}

/// `digits × 10^exp` with a sign; `digits` has no leading or trailing zeros
/// and is never empty (zero is `Repr::Int(0)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Decimal {
    negative: bool,
    digits: String,
    exp: i64,
}

/// Text that is not a number, or a number too far out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid number {text:?}: {reason}")]
pub struct InvalidNumber {
    /// The offending text, cut to 64 characters.
    pub text: String,
    pub reason: &'static str,
}

/// Decimal exponents beyond this are refused: cty's own numbers have a
/// 32-bit binary exponent, so they cannot arrive from Terraform.
const MAX_DECIMAL_EXPONENT: i64 = 1_000_000_000;
/// Plain notation pads with at most this many zeros; beyond it a decimal is
/// written as `<digits>e<exp>`, which cty parses too.
const MAX_PADDING_ZEROS: i64 = 32;

impl Number {
    /// The number for a float64; `None` for NaN, which Terraform has no
    /// number for.
    pub fn from_f64(f: f64) -> Option<Number> {
        if f.is_nan() {
            return None;
        }
        // -2^63 ≤ f < 2^63: the i64 range, both bounds exact in f64.
        if f.fract() == 0.0
            && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
        {
            return Some(Number(Repr::Int(f as i64)));
        }
        Some(Number(Repr::Float(f)))
    }

    /// The value as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The nearest float64 (±∞ beyond its range).
    pub fn as_f64(&self) -> f64 {
        match &self.0 {
            Repr::Int(i) => *i as f64,
            Repr::Float(f) => *f,
            Repr::Decimal(d) => d.sci_text().parse().unwrap_or(f64::NAN),
        }
    }

    /// Whether the value is a whole number (of any size).
    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Int(_) => true,
            Repr::Float(f) => f.is_finite() && f.fract() == 0.0,
            Repr::Decimal(d) => d.exp >= 0,
        }
    }

    /// The exact decimal text of the value, which [`str::parse`] reads back
    /// to the same number: plain notation, or `<digits>e<exp>` when that
    /// would need more than 32 padding zeros; `+Inf`/`-Inf` for infinities.
    pub fn to_exact_string(&self) -> String {
        match &self.0 {
            Repr::Int(i) => i.to_string(),
            Repr::Float(f) if f.is_infinite() => infinity_text(*f).to_owned(),
            Repr::Float(f) => Decimal::of_f64(*f)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "0".to_owned()),
            Repr::Decimal(d) => d.to_string(),
        }
    }

    pub(super) fn repr(&self) -> &Repr {
        &self.0
    }

    /// The canonical number for a finite decimal.
    fn from_decimal(d: Decimal) -> Number {
        if let Some(i) = d.as_i64() {
            return Number(Repr::Int(i));
        }
        if let Some(f) = d.exact_f64() {
            return Number(Repr::Float(f));
        }
        Number(Repr::Decimal(d))
    }
}

fn infinity_text(f: f64) -> &'static str {
    if f > 0.0 {
        "+Inf"
    } else {
        "-Inf"
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        // Canonical forms: equal numbers have equal representations.
        self.0 == other.0
    }
}

// NaN is never stored, so equality is reflexive.
impl Eq for Number {}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number(Repr::Int(i))
    }
}

impl From<i32> for Number {
    fn from(i: i32) -> Number {
        Number(Repr::Int(i64::from(i)))
    }
}

impl From<u32> for Number {
    fn from(i: u32) -> Number {
        Number(Repr::Int(i64::from(i)))
    }
}

impl From<u64> for Number {
    fn from(u: u64) -> Number {
        match i64::try_from(u) {
            Ok(i) => Number(Repr::Int(i)),
            Err(_) => Number::from_decimal(Decimal::new(false, u.to_string(), 0).normalized()),
        }
    }
}

impl TryFrom<f64> for Number {
    type Error = InvalidNumber;
    fn try_from(f: f64) -> Result<Number, InvalidNumber> {
        Number::from_f64(f).ok_or_else(|| InvalidNumber {
            text: "NaN".to_owned(),
            reason: "NaN is not a number in Terraform",
        })
    }
}

impl FromStr for Number {
    type Err = InvalidNumber;

    /// Reads decimal text exactly: an optional sign, digits with an optional
    /// fraction, an optional exponent (`1.5e-3`), or `Inf`/`Infinity` in any
    /// case, as cty's number parser accepts them.
    fn from_str(s: &str) -> Result<Number, InvalidNumber> {
        let invalid = |reason| InvalidNumber {
            text: s.chars().take(64).collect(),
            reason,
        };
        let (negative, rest) = match s.as_bytes().first() {
            Some(b'-') => (true, &s[1..]),
            Some(b'+') => (false, &s[1..]),
            _ => (false, s),
        };
        if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
            let f = if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            return Ok(Number(Repr::Float(f)));
        }
        let bytes = rest.as_bytes();
        let mut i = 0;
        let mut digits = String::new();
        let mut any_digit = false;
        let mut fraction_len: i64 = 0;
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
            if !(digits.is_empty() && b == b'0') {
                digits.push(char::from(b));
            }
            any_digit = true;
            i += 1;
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
                if !(digits.is_empty() && b == b'0') {
                    digits.push(char::from(b));
                }
                any_digit = true;
                fraction_len = fraction_len.saturating_add(1);
                i += 1;
            }
        }
        if !any_digit {
            return Err(invalid("no digits"));
        }
        let mut exponent: i64 = 0;
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            let exponent_negative = match bytes.get(i) {
                Some(b'-') => {
                    i += 1;
                    true
                }
                Some(b'+') => {
                    i += 1;
                    false
                }
                _ => false,
            };
            let start = i;
            while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
                // Saturate: anything this large is refused below anyway.
                exponent = (exponent * 10 + i64::from(b - b'0')).min(MAX_DECIMAL_EXPONENT * 10);
                i += 1;
            }
            if i == start {
                return Err(invalid("exponent has no digits"));
            }
            if exponent_negative {
                exponent = -exponent;
            }
        }
        if i != bytes.len() {
            return Err(invalid("unexpected character"));
        }
        if digits.is_empty() {
            return Ok(Number(Repr::Int(0)));
        }
        let trailing_zeros = digits.len() - digits.trim_end_matches('0').len();
        digits.truncate(digits.len() - trailing_zeros);
        let exp = exponent
            .saturating_sub(fraction_len)
            .saturating_add(trailing_zeros as i64);
        let magnitude = exp.saturating_add(digits.len() as i64);
        if !(-MAX_DECIMAL_EXPONENT..=MAX_DECIMAL_EXPONENT).contains(&magnitude) {
            return Err(invalid("exponent out of range"));
        }
        Ok(Number::from_decimal(Decimal::new(negative, digits, exp)))
    }
}

impl fmt::Display for Number {
    /// Readable text: integers and decimals exactly, float64 values in
    /// their shortest round-trip form (use [`Number::to_exact_string`] for
    /// the exact expansion).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Int(i) => write!(f, "{i}"),
            Repr::Float(x) if x.is_infinite() => f.write_str(infinity_text(*x)),
            Repr::Float(x) => write!(f, "{x}"),
            Repr::Decimal(d) => write!(f, "{d}"),
        }
    }
}

impl Decimal {
    fn new(negative: bool, digits: String, exp: i64) -> Decimal {
        Decimal {
            negative,
            digits,
            exp,
        }
    }

    /// The exact decimal expansion of a finite, non-zero float64.
    fn of_f64(f: f64) -> Option<Decimal> {
        if !f.is_finite() || f == 0.0 {
            return None;
        }
        // A float64 has at most 767 significant decimal digits, so 800
        // digits of scientific notation (which Rust formats exactly) are its
        // exact expansion: `d.ddd…e-N`.
        let text = format!("{f:.800e}");
        let (mantissa, exponent) = text.split_once('e')?;
        let (int_part, frac_part) = mantissa.trim_start_matches('-').split_once('.')?;
        let exp = exponent.parse::<i64>().ok()? - frac_part.len() as i64;
        Some(Decimal::new(f < 0.0, format!("{int_part}{frac_part}"), exp).normalized())
    }

    /// Strips leading and trailing zeros into the canonical form.
    fn normalized(mut self) -> Decimal {
        let trimmed = self.digits.trim_start_matches('0');
        if trimmed.len() != self.digits.len() {
            self.digits = trimmed.to_owned();
        }
        let trailing = self.digits.len() - self.digits.trim_end_matches('0').len();
        self.digits.truncate(self.digits.len() - trailing);
        self.exp += trailing as i64;
        self
    }

    fn as_i64(&self) -> Option<i64> {
        if self.exp < 0 || self.digits.len() as i64 + self.exp > 19 {
            return None;
        }
        let mut v: i128 = self.digits.parse().ok()?;
        for _ in 0..self.exp {
            v *= 10;
        }
        if self.negative {
            v = -v;
        }
        i64::try_from(v).ok()
    }

    /// The float64 that is exactly this value, if there is one.
    fn exact_f64(&self) -> Option<f64> {
        // With a fraction, the value is digits / 10^k (digits not a multiple
        // of 10); that is a binary fraction only if 5^k divides digits, so
        // the last digit must be 5. This skips the costly check for 0.1 etc.
        if self.exp < 0 && !self.digits.ends_with('5') {
            return None;
        }
        let magnitude = self.digits.len() as i64 + self.exp;
        if self.digits.len() > 800 || !(-330..=310).contains(&magnitude) {
            return None;
        }
        let f: f64 = self.sci_text().parse().ok()?;
        (Decimal::of_f64(f)? == *self).then_some(f)
    }

    /// `[-]<digits>e<exp>`, which Rust's and Go's parsers both read.
    fn sci_text(&self) -> String {
        format!(
            "{}{}e{}",
            if self.negative { "-" } else { "" },
            self.digits,
            self.exp
        )
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        let n = self.digits.len() as i64;
        let zeros =
            |f: &mut fmt::Formatter<'_>, count: i64| (0..count).try_for_each(|_| f.write_str("0"));
        if self.exp >= 0 {
            if self.exp > MAX_PADDING_ZEROS {
                return write!(f, "{}e{}", self.digits, self.exp);
            }
            f.write_str(&self.digits)?;
            return zeros(f, self.exp);
        }
        let point = n + self.exp;
        if point > 0 {
            let (int_part, frac_part) = self.digits.split_at(point as usize);
            write!(f, "{int_part}.{frac_part}")
        } else if -point <= MAX_PADDING_ZEROS {
            f.write_str("0.")?;
            zeros(f, -point)?;
            f.write_str(&self.digits)
        } else {
            write!(f, "{}e{}", self.digits, self.exp)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        s.parse().unwrap()
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(n("42").repr(), &Repr::Int(42));
        assert_eq!(n("-0"), Number::from(0));
        assert_eq!(n("1.000"), Number::from(1));
        assert_eq!(n("1e3"), Number::from(1000));
        assert_eq!(n("-9223372036854775808"), Number::from(i64::MIN));
        assert_eq!(n("0.5").repr(), &Repr::Float(0.5));
        assert_eq!(n("-1.25e-1").repr(), &Repr::Float(-0.125));
        // 2^63 and 2^64 are exact float64 values beyond i64.
        assert_eq!(
            n("9223372036854775808").repr(),
            &Repr::Float(9_223_372_036_854_775_808.0)
        );
        assert_eq!(
            n("18446744073709551616").repr(),
            &Repr::Float(18_446_744_073_709_551_616.0)
        );
        assert_eq!(Number::from(u64::MAX).to_string(), "18446744073709551615");
        assert!(matches!(n("0.1").repr(), Repr::Decimal(_)));
        assert_eq!(n("Inf").repr(), &Repr::Float(f64::INFINITY));
        assert_eq!(n("-infinity").repr(), &Repr::Float(f64::NEG_INFINITY));
        assert_eq!(Number::from_f64(-0.0), Some(Number::from(0)));
        assert_eq!(Number::from_f64(3.0), Some(Number::from(3)));
        assert_eq!(Number::from_f64(f64::NAN), None);
    }

    #[test]
    fn decimal_text_is_exact() {
        for text in [
            "0.1",
            "-0.1",
            "123456789012345678901234567890",
            "3.14159265358979323846264338327950288",
            "0.000000000000000000000000000000001",
            "1e-400",
            "12345e100",
        ] {
            let number = n(text);
            assert_eq!(n(&number.to_exact_string()), number, "{text}");
        }
        assert_eq!(n("0.1").to_string(), "0.1");
        assert_eq!(n("1e-400").to_string(), "1e-400");
        assert_eq!(n("12345e100").to_string(), "12345e100");
        assert_eq!(n("1.5e40").to_string(), "15e39");
        assert_eq!(n("1.5e30").to_string(), "1500000000000000000000000000000");
        assert_eq!(n("0.000123").to_string(), "0.000123");
    }

    #[test]
    fn floats_have_an_exact_text() {
        let tenth = Number::from_f64(0.1).unwrap();
        assert_eq!(
            tenth.to_exact_string(),
            "0.1000000000000000055511151231257827021181583404541015625"
        );
        assert_eq!(tenth.to_string(), "0.1");
        assert_eq!(n(&tenth.to_exact_string()), tenth);
        for f in [f64::MIN_POSITIVE, 5e-324, f64::MAX, -1.5e300, 2.5, 1e-7] {
            let number = Number::from_f64(f).unwrap();
            assert_eq!(n(&number.to_exact_string()), number, "{f:e}");
        }
    }

    #[test]
    fn rejects_non_numbers() {
        for text in [
            "",
            "-",
            ".",
            "1e",
            "1e+",
            "abc",
            "1.2.3",
            "0x10",
            " 1",
            "1 ",
            "NaN",
            "1e2000000000",
        ] {
            assert!(text.parse::<Number>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn accessors() {
        assert_eq!(n("12").as_i64(), Some(12));
        assert_eq!(n("1.5").as_i64(), None);
        assert!(n("1e30").is_integer());
        assert!(!n("0.1").is_integer());
        assert_eq!(n("0.1").as_f64(), 0.1);
        assert_eq!(n("1e400").as_f64(), f64::INFINITY);
    }
}
