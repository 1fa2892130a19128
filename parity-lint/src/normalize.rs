//! Region-neutral form: rewrites what must differ between regions so that
//! what is left can be compared with `==`.
//!
//! - region names and their spellings (`us-east-1`, `use1`, `East US`) →
//!   `<region>`; the other region's → `<peer-region>`; an availability zone
//!   keeps its letter (`us-east-1a` → `<region>a`);
//! - the account in ARNs → `<account>`, AWS resource ids
//!   (`vpc-0a1b2c3d`) → `vpc-<id>`, Azure subscription ids in resource ids →
//!   `<subscription>`;
//! - in `mirrored` CIDR mode, a CIDR or address inside a network of the
//!   region → `<aws_vpc.main>+0.0.12.0/24`, inside the other region's network
//!   → `<peer:aws_vpc.main>+…`.
//!
//! Names embedding a region are caught by the spelling rule, which only
//! matches at word boundaries so `queue1` never loses its `ue1`.

use std::borrow::Cow;

use aho_corasick::AhoCorasick;
use memchr::memmem;

use crate::cidr::Cidr;
use crate::regions;
use crate::value::Val;

/// A network (VPC/VNet range) and the region-relative key of its resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    pub cidr: Cidr,
    /// Region-relative address of the network resource.
    pub key: String,
    /// Full address in its document.
    pub address: String,
    pub rtype: String,
    /// Attribute path holding the range (`address_space[1]`).
    pub attribute: String,
}

/// Rewrites one region's values.
#[derive(Debug, Clone)]
pub struct Normalizer {
    /// (spelling, replacement, zone letter allowed after it).
    spellings: Vec<(String, &'static str, bool)>,
    /// Finds every spelling in one pass; pattern ids index `spellings`.
    matcher: Option<AhoCorasick>,
    own_networks: Vec<Network>,
    peer_networks: Vec<Network>,
    relativize: bool,
}

/// AWS id prefixes whose hex suffix is per-region.
const AWS_ID_PREFIXES: &[&str] = &[
    "vpc",
    "subnet",
    "sg",
    "sgr",
    "ami",
    "igw",
    "eigw",
    "nat",
    "rtb",
    "rtbassoc",
    "eni",
    "lt",
    "i",
    "eipalloc",
    "eipassoc",
    "vpce",
    "pcx",
    "tgw",
    "tgw-attach",
    "tgw-rtb",
    "acl",
    "aclassoc",
    "dopt",
    "snap",
    "vol",
    "cgw",
    "vgw",
    "pl",
    "lb",
    "r",
    "cluster",
    "sn",
    "fs",
];

impl Normalizer {
    /// `own` and `peer` are the region names (if known); networks are
    /// relativized only when `relativize` (mirrored CIDR mode).
    pub fn new(
        own: Option<&str>,
        peer: Option<&str>,
        own_networks: Vec<Network>,
        peer_networks: Vec<Network>,
        relativize: bool,
    ) -> Normalizer {
        let mut spellings = Vec::new();
        for (region, replacement) in [(own, "<region>"), (peer, "<peer-region>")] {
            let Some(region) = region else { continue };
            let zones = matches!(regions::lookup(region), Some((regions::Cloud::Aws, _)));
            for s in regions::spellings(region) {
                spellings.push((s, replacement, zones));
            }
        }
        spellings.sort_by_key(|(s, _, _)| std::cmp::Reverse(s.len()));
        // Smallest network first, so a subnet is relative to its tightest container.
        let by_size = |mut nets: Vec<Network>| {
            nets.sort_by_key(|n| std::cmp::Reverse(n.cidr.prefix_len()));
            nets
        };
        Normalizer {
            matcher: AhoCorasick::new(spellings.iter().map(|(s, _, _)| s.as_str()))
                .ok()
                .filter(|_| !spellings.is_empty()),
            spellings,
            own_networks: by_size(own_networks),
            peer_networks: by_size(peer_networks),
            relativize,
        }
    }

    /// Normalizes a whole tree in place. Map keys are rewritten too: tag
    /// keys such as `kubernetes.io/cluster/hf-us-east-1` embed the region.
    pub fn value(&self, v: &mut Val<'_>) {
        match v {
            Val::Str(s) => {
                if let Some(new) = self.rewrite(s) {
                    *s = Cow::Owned(new);
                }
            }
            Val::List(items) => items.iter_mut().for_each(|i| self.value(i)),
            Val::Map(entries) => {
                let mut renamed = false;
                for (k, v) in entries.iter_mut() {
                    if let Some(new) = self.regions(k) {
                        *k = Cow::Owned(new);
                        renamed = true;
                    }
                    self.value(v);
                }
                if renamed {
                    *v = Val::map_from(std::mem::take(entries));
                }
            }
            _ => {}
        }
    }

    /// Normalizes an address (instance keys may hold region names).
    pub fn address(&self, address: &str) -> String {
        self.regions(address).unwrap_or_else(|| address.to_owned())
    }

    /// The rewritten string, or `None` when nothing changes.
    pub fn rewrite(&self, s: &str) -> Option<String> {
        if self.relativize && Cidr::looks_like(s) {
            if let Some(relative) = self.relative_cidr(s) {
                return Some(relative);
            }
        }
        let mut current: Option<String> = None;
        for step in [Self::regions, arn_accounts, aws_ids, azure_subscriptions] {
            let input = current.as_deref().unwrap_or(s);
            if let Some(next) = step(self, input) {
                current = Some(next);
            }
        }
        current
    }

    fn relative_cidr(&self, s: &str) -> Option<String> {
        let cidr: Cidr = match s.parse() {
            Ok(c) => c,
            Err(_) => Cidr::host(s.parse().ok()?),
        };
        for (nets, tag) in [(&self.own_networks, ""), (&self.peer_networks, "peer:")] {
            for net in nets {
                if let Some(offset) = cidr.offset_in(net.cidr) {
                    let offset = if s.contains('/') {
                        offset
                    } else {
                        offset
                            .rsplit_once('/')
                            .map(|(a, _)| a.to_owned())
                            .unwrap_or(offset)
                    };
                    return Some(format!("<{tag}{}>+{offset}", net.key));
                }
            }
        }
        None
    }

    fn regions(&self, s: &str) -> Option<String> {
        let matcher = self.matcher.as_ref()?;
        let bytes = s.as_bytes();
        // Candidates in pattern order (longest spelling first), then by start.
        let mut candidates: Vec<(usize, usize, usize)> = matcher
            .find_overlapping_iter(s)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        candidates.sort_unstable();
        let mut hits: Vec<(usize, usize, &'static str)> = Vec::new();
        for (pattern, start, end) in candidates {
            let (_, replacement, zones) = &self.spellings[pattern];
            if hits.iter().any(|(a, b, _)| start < *b && end > *a) {
                continue;
            }
            if start > 0 && is_word(bytes[start - 1]) {
                continue;
            }
            let bounded = match bytes.get(end).copied() {
                None => true,
                Some(c) if !is_word(c) => true,
                // An availability zone: one letter, then a boundary.
                Some(c) if *zones && c.is_ascii_lowercase() => {
                    bytes.get(end + 1).is_none_or(|c| !is_word(*c))
                }
                _ => false,
            };
            if bounded {
                hits.push((start, end, replacement));
            }
        }
        if hits.is_empty() {
            return None;
        }
        hits.sort_unstable();
        let mut out = String::with_capacity(s.len() + 8);
        let mut pos = 0;
        for (start, end, replacement) in hits {
            out.push_str(&s[pos..start]);
            out.push_str(replacement);
            pos = end;
        }
        out.push_str(&s[pos..]);
        Some(out)
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// `arn:aws:iam::123456789012:role/x` → `arn:aws:iam::<account>:role/x`,
/// and a trailing 16-hex id segment (load balancers, target groups) → `<id>`.
fn arn_accounts(_: &Normalizer, s: &str) -> Option<String> {
    memmem::find(s.as_bytes(), b"arn:")?;
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut changed = false;
    while let Some(i) = rest.find("arn:") {
        out.push_str(&rest[..i]);
        let arn = &rest[i..];
        // arn:partition:service:region:account:
        let mut colons = arn.match_indices(':').map(|(j, _)| j);
        let (Some(_), Some(_), Some(_), Some(c3), Some(c4)) = (
            colons.next(),
            colons.next(),
            colons.next(),
            colons.next(),
            colons.next(),
        ) else {
            out.push_str("arn:");
            rest = &arn[4..];
            continue;
        };
        let account = &arn[c3 + 1..c4];
        if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&arn[..c3 + 1]);
            out.push_str("<account>");
            rest = &arn[c4..];
            changed = true;
        } else {
            out.push_str(&arn[..c4]);
            rest = &arn[c4..];
        }
    }
    out.push_str(rest);
    let with_ids = hex_segments(&out);
    match (changed, with_ids) {
        (_, Some(x)) => Some(x),
        (true, None) => Some(out),
        (false, None) => None,
    }
}

fn hex_segments(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('/').collect();
    let mut changed = false;
    let parts: Vec<&str> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i > 0 && p.len() == 16 && p.bytes().all(|b| b.is_ascii_hexdigit()) {
                changed = true;
                "<id>"
            } else {
                p
            }
        })
        .collect();
    changed.then(|| parts.join("/"))
}

/// `vpc-0a1b2c3d4e5f60718` → `vpc-<id>` for known prefixes, at word boundaries.
fn aws_ids(_: &Normalizer, s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = s[i..].find('-') {
        let dash = i + off;
        i = dash + 1;
        let hex_len = bytes[dash + 1..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            .count();
        if !(hex_len == 8 || hex_len == 17) {
            continue;
        }
        let end = dash + 1 + hex_len;
        if bytes.get(end).is_some_and(|b| is_word(*b)) {
            continue;
        }
        let known = AWS_ID_PREFIXES.iter().any(|p| {
            s[..dash].ends_with(*p) && {
                let start = dash - p.len();
                start == 0 || !is_word(bytes[start - 1]) && bytes[start - 1] != b'-'
            }
        });
        if !known {
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
        o.push_str(&s[copied..dash + 1]);
        o.push_str("<id>");
        copied = end;
        i = end;
    }
    out.map(|mut o| {
        o.push_str(&s[copied..]);
        o
    })
}

/// `/subscriptions/<guid>/` → `/subscriptions/<subscription>/`.
fn azure_subscriptions(_: &Normalizer, s: &str) -> Option<String> {
    // ARM ids spell it `/subscriptions/`; some APIs capitalize the S.
    let i = memmem::find(s.as_bytes(), b"ubscriptions/")? + "ubscriptions/".len();
    if i < "/subscriptions/".len() || !s[..i].to_ascii_lowercase().ends_with("/subscriptions/") {
        return None;
    }
    let guid_len = s[i..].find('/').unwrap_or(s.len() - i);
    if guid_len != 36 {
        return None;
    }
    Some(format!("{}<subscription>{}", &s[..i], &s[i + guid_len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(own: &str, peer: &str) -> Normalizer {
        let net = |cidr: &str| Network {
            cidr: cidr.parse().unwrap(),
            key: "aws_vpc.main".into(),
            address: "aws_vpc.main".into(),
            rtype: "aws_vpc".into(),
            attribute: "cidr_block".into(),
        };
        let (own_net, peer_net) = (net("10.0.0.0/16"), net("10.1.0.0/16"));
        Normalizer::new(Some(own), Some(peer), vec![own_net], vec![peer_net], true)
    }

    #[test]
    fn regions_zones_and_codes() {
        let n = norm("us-east-1", "us-west-2");
        assert_eq!(n.rewrite("us-east-1").as_deref(), Some("<region>"));
        assert_eq!(n.rewrite("us-east-1b").as_deref(), Some("<region>b"));
        assert_eq!(
            n.rewrite("hf-us-east-1-eks").as_deref(),
            Some("hf-<region>-eks")
        );
        assert_eq!(
            n.rewrite("hf-use1-cache").as_deref(),
            Some("hf-<region>-cache")
        );
        assert_eq!(
            n.rewrite("replica-of-us-west-2").as_deref(),
            Some("replica-of-<peer-region>")
        );
        assert_eq!(n.rewrite("queue1"), None);
        assert_eq!(n.rewrite("us-east-12"), None);
    }

    #[test]
    fn arns_and_ids() {
        let n = norm("us-east-1", "us-west-2");
        assert_eq!(
            n.rewrite("arn:aws:iam::123456789012:role/hf").as_deref(),
            Some("arn:aws:iam::<account>:role/hf")
        );
        assert_eq!(
            n.rewrite("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/hf/50dc6c495c0c9188")
                .as_deref(),
            Some("arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/hf/<id>")
        );
        assert_eq!(
            n.rewrite("sg-0123456789abcdef0").as_deref(),
            Some("sg-<id>")
        );
        assert_eq!(n.rewrite("subnet-1a2b3c4d").as_deref(), Some("subnet-<id>"));
        assert_eq!(n.rewrite("my-deadbeef"), None);
    }

    #[test]
    fn map_keys_lose_region_names() {
        let n = norm("us-east-1", "us-west-2");
        let mut v = crate::value::Val::from_json(&serde_json::json!({
            "tags": {"kubernetes.io/cluster/hf-us-east-1-eks": "shared", "b": "us-east-1a"}
        }));
        n.value(&mut v);
        assert_eq!(
            v.to_json(),
            serde_json::json!({"tags": {"b": "<region>a", "kubernetes.io/cluster/hf-<region>-eks": "shared"}})
        );
    }

    #[test]
    fn cidrs_become_relative() {
        let n = norm("us-east-1", "us-west-2");
        assert_eq!(
            n.rewrite("10.0.12.0/24").as_deref(),
            Some("<aws_vpc.main>+0.0.12.0/24")
        );
        assert_eq!(
            n.rewrite("10.1.0.0/16").as_deref(),
            Some("<peer:aws_vpc.main>+0.0.0.0/16")
        );
        assert_eq!(
            n.rewrite("10.0.1.10").as_deref(),
            Some("<aws_vpc.main>+0.0.1.10")
        );
        assert_eq!(n.rewrite("0.0.0.0/0"), None);
        assert_eq!(n.rewrite("1.2"), None);
    }

    #[test]
    fn azure_locations_and_subscriptions() {
        let n = Normalizer::new(Some("eastus"), Some("westus2"), vec![], vec![], true);
        assert_eq!(n.rewrite("East US").as_deref(), Some("<region>"));
        assert_eq!(n.rewrite("rg-hf-eastus").as_deref(), Some("rg-hf-<region>"));
        assert_eq!(
            n.rewrite("rg-hf-westus2").as_deref(),
            Some("rg-hf-<peer-region>")
        );
        assert_eq!(
            n.rewrite(
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-eastus"
            )
            .as_deref(),
            Some("/subscriptions/<subscription>/resourceGroups/rg-<region>")
        );
    }
}
