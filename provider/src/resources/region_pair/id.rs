//! The pair id, `<cloud>/<primary>/<secondary>/<name>`:
//! the computed `id` and the `terraform import` argument.

use std::fmt;

use parity_lint::regions::{lookup, Cloud};

/// The id format, as error messages print it.
pub const FORMAT: &str = "<cloud>/<primary>/<secondary>/<name>";

/// A parsed pair id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairId {
    pub cloud: String,
    pub primary_region: String,
    pub secondary_region: String,
    /// May itself contain `/`: everything after the third one.
    pub name: String,
}

impl fmt::Display for PairId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_id(
            f,
            &self.cloud,
            &self.primary_region,
            &self.secondary_region,
            &self.name,
        )
    }
}

/// Writes an id from its parts.
pub fn format_id(
    out: &mut impl fmt::Write,
    cloud: &str,
    primary: &str,
    secondary: &str,
    name: &str,
) -> fmt::Result {
    write!(out, "{cloud}/{primary}/{secondary}/{name}")
}

impl PairId {
    /// Parses an import id; the error explains what is wrong and shows
    /// the expected format.
    pub fn parse(id: &str) -> Result<PairId, String> {
        let malformed = |why: &str| {
            format!("{why}: expected {FORMAT} (aws/us-east-1/us-west-2/hf), got {id:?}.")
        };
        let parts: Vec<&str> = id.splitn(4, '/').collect();
        let [cloud, primary, secondary, name] = parts[..] else {
            return Err(malformed("the id has fewer than four parts"));
        };
        if [cloud, primary, secondary, name]
            .iter()
            .any(|p| p.trim().is_empty())
        {
            return Err(malformed("a part of the id is empty"));
        }
        let expected = match cloud {
            "aws" => Cloud::Aws,
            "azure" => Cloud::Azure,
            _ => {
                return Err(malformed(&format!(
                    "the cloud must be aws or azure, not {cloud:?}"
                )))
            }
        };
        let mut canonical = Vec::new();
        for region in [primary, secondary] {
            match lookup(region) {
                Some((c, canon)) if c == expected => canonical.push(canon),
                _ => {
                    return Err(malformed(&format!(
                        "{region:?} is not a known {cloud} region"
                    )))
                }
            }
        }
        if canonical[0] == canonical[1] {
            return Err(malformed("the two regions must differ"));
        }
        Ok(PairId {
            cloud: cloud.to_owned(),
            primary_region: primary.to_owned(),
            secondary_region: secondary.to_owned(),
            name: name.to_owned(),
        })
    }
}
