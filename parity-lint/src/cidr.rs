//! IPv4/IPv6 CIDR blocks: parsing, containment, overlap and offsets.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// A CIDR block. Host bits may be set (as written); [`Cidr::network`]
/// clears them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cidr {
    addr: u128,
    len: u8,
    v6: bool,
}

/// Why a string is not a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    #[error("missing `/prefix`")]
    NoPrefix,
    #[error("invalid address `{0}`")]
    Address(String),
    #[error("invalid prefix length `{0}`")]
    Prefix(String),
    #[error("prefix length {len} is longer than {max}")]
    PrefixTooLong { len: u8, max: u8 },
}

impl Cidr {
    fn bits(self) -> u8 {
        if self.v6 {
            128
        } else {
            32
        }
    }

    pub fn prefix_len(self) -> u8 {
        self.len
    }

    pub fn is_v6(self) -> bool {
        self.v6
    }

    fn mask(self) -> u128 {
        let host = self.bits() - self.len;
        let all = if self.v6 { u128::MAX } else { u32::MAX as u128 };
        if host >= 128 {
            0
        } else {
            all & !((1u128 << host).wrapping_sub(1))
        }
    }

    /// The first address of the block.
    pub fn network(self) -> Cidr {
        Cidr {
            addr: self.addr & self.mask(),
            ..self
        }
    }

    /// Whether `other` lies entirely inside this block.
    pub fn contains(self, other: Cidr) -> bool {
        self.v6 == other.v6
            && other.len >= self.len
            && (other.addr & self.mask()) == (self.addr & self.mask())
    }

    /// Whether the two blocks share any address.
    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains(other.network()) || other.contains(self.network())
    }

    /// This block's address minus the network's first address, written as
    /// an address (`0.0.12.0`), with this block's prefix: `0.0.12.0/24`.
    /// `None` unless `network` contains this block.
    pub fn offset_in(self, network: Cidr) -> Option<String> {
        if !network.contains(self) {
            return None;
        }
        let offset = self.addr - (network.addr & network.mask());
        Some(format!("{}/{}", addr_string(offset, self.v6), self.len))
    }

    /// A host address as a `/32` or `/128` block.
    pub fn host(ip: IpAddr) -> Cidr {
        match ip {
            IpAddr::V4(v4) => Cidr {
                addr: u32::from(v4) as u128,
                len: 32,
                v6: false,
            },
            IpAddr::V6(v6) => Cidr {
                addr: u128::from(v6),
                len: 128,
                v6: true,
            },
        }
    }

    /// Cheap test for strings worth trying to parse: starts like an IPv4
    /// address or contains `::`/`:` with a `/`.
    pub fn looks_like(s: &str) -> bool {
        let b = s.as_bytes();
        !b.is_empty()
            && b.len() <= 43
            && (b[0].is_ascii_digit() && s.contains('.')
                || s.contains(':') && s.contains('/') && !s.contains("://"))
    }
}

fn addr_string(addr: u128, v6: bool) -> String {
    if v6 {
        Ipv6Addr::from(addr).to_string()
    } else {
        Ipv4Addr::from(addr as u32).to_string()
    }
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Cidr, CidrError> {
        let (addr, len) = s.split_once('/').ok_or(CidrError::NoPrefix)?;
        let ip: IpAddr = addr
            .parse()
            .map_err(|_| CidrError::Address(addr.to_owned()))?;
        if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CidrError::Prefix(len.to_owned()));
        }
        let len: u8 = len.parse().map_err(|_| CidrError::Prefix(len.to_owned()))?;
        let mut cidr = Cidr::host(ip);
        if len > cidr.len {
            return Err(CidrError::PrefixTooLong { len, max: cidr.len });
        }
        cidr.len = len;
        Ok(cidr)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", addr_string(self.addr, self.v6), self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(s: &str) -> Cidr {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(c("10.0.1.0/24").to_string(), "10.0.1.0/24");
        assert_eq!(c("2600:1f18::/56").to_string(), "2600:1f18::/56");
        assert_eq!(c("0.0.0.0/0").prefix_len(), 0);
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!("10.0.0.0".parse::<Cidr>(), Err(CidrError::NoPrefix));
        assert!(matches!(
            "10.0.0.300/16".parse::<Cidr>(),
            Err(CidrError::Address(_))
        ));
        assert!(matches!(
            "10.0.0.0/33".parse::<Cidr>(),
            Err(CidrError::PrefixTooLong { .. })
        ));
        assert!(matches!(
            "10.0.0.0/+1".parse::<Cidr>(),
            Err(CidrError::Prefix(_))
        ));
        assert!(matches!(
            "10.0.0.0/".parse::<Cidr>(),
            Err(CidrError::Prefix(_))
        ));
    }

    #[test]
    fn containment_overlap_and_offset() {
        let vpc = c("10.1.0.0/16");
        assert!(vpc.contains(c("10.1.12.0/24")));
        assert!(!vpc.contains(c("10.2.0.0/24")));
        assert!(!c("10.1.12.0/24").contains(vpc));
        assert!(vpc.overlaps(c("10.0.0.0/8")));
        assert!(c("10.0.0.0/8").overlaps(vpc));
        assert!(!vpc.overlaps(c("10.0.0.0/16")));
        assert_eq!(
            c("10.1.12.0/24").offset_in(vpc).as_deref(),
            Some("0.0.12.0/24")
        );
        assert_eq!(vpc.offset_in(vpc).as_deref(), Some("0.0.0.0/16"));
        assert_eq!(c("0.0.0.0/0").offset_in(vpc), None);
        assert!(c("0.0.0.0/0").contains(vpc));
        assert!(!c("::/0").contains(vpc));
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = s.parse::<Cidr>();
        }

        #[test]
        fn roundtrip_v4(a in any::<u32>(), len in 0u8..=32) {
            let text = format!("{}/{}", Ipv4Addr::from(a), len);
            let cidr: Cidr = text.parse().unwrap();
            prop_assert_eq!(cidr.to_string(), text);
            prop_assert!(cidr.network().contains(cidr));
            prop_assert!(cidr.overlaps(cidr.network()));
        }

        #[test]
        fn mutated_cidrs_error_or_roundtrip(a in any::<u32>(), len in 0u8..=32, cut in 0usize..20, junk in "[0-9./:a-f]{0,3}") {
            let text = format!("{}/{}", Ipv4Addr::from(a), len);
            let mutated = format!("{}{}", &text[..cut.min(text.len())], junk);
            if let Ok(cidr) = mutated.parse::<Cidr>() {
                prop_assert!(cidr.prefix_len() <= 128);
            }
        }

        #[test]
        fn subnet_offsets_are_inside(a in any::<u32>(), net_len in 8u8..=24, extra in 0u8..=8, pick in any::<u32>()) {
            let net = Cidr { addr: a as u128, len: net_len, v6: false }.network();
            let sub_len = net_len + extra;
            let span = 32 - net_len;
            let sub_addr = (net.addr as u32) | (pick & ((1u64 << span) - 1) as u32);
            let sub = Cidr { addr: sub_addr as u128, len: sub_len, v6: false }.network();
            prop_assert!(net.contains(sub));
            prop_assert!(sub.offset_in(net).is_some());
        }
    }
}
