//! The comparison: normalize, pair, run the rules, collect the report.

use std::collections::HashMap;

use crate::cidr::Cidr;
use crate::config::{CidrMode, Config, IgnoreMatcher};
use crate::finding::{Finding, Report, ResourceDiff, Severity, Suppressed};
use crate::normalize::{Network, Normalizer};
use crate::rules::catalog::{self, Owner};
use crate::rules::{
    pl001_cidr_layout, pl002_cidr_overlap, pl010_instance_size, pl011_capacity,
    pl020_network_rules, pl030_tags, pl040_versions, pl050_missing, pl060_attribute_drift,
    RuleInfo,
};
use crate::snapshot::{Resource, Snapshot};
use crate::value::{flatten, Val};

/// Input the engine cannot compare.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error("{side}: {address}: attribute `{attribute}`: invalid CIDR `{value}`: {reason}")]
    InvalidCidr {
        side: String,
        address: String,
        attribute: String,
        value: String,
        reason: String,
    },
    #[error("both regions are `{0}`: a pair needs two different regions")]
    SameRegion(String),
    #[error("{side}: `{first}` and `{second}` are the same resource once region names are taken out of the address")]
    DuplicateKey {
        side: String,
        first: String,
        second: String,
    },
}

/// Compares two region snapshots.
pub fn check<'a>(
    mut primary: Snapshot<'a>,
    mut secondary: Snapshot<'a>,
    config: &Config,
) -> Result<Report, EngineError> {
    check_in_place(&mut primary, &mut secondary, config)
}

/// [`check`] on snapshots the caller keeps: they are left normalized. A
/// caller about to exit can leak them instead of paying for the drop.
pub fn check_in_place<'a>(
    primary: &mut Snapshot<'a>,
    secondary: &mut Snapshot<'a>,
    config: &Config,
) -> Result<Report, EngineError> {
    if let (Some(p), Some(s)) = (&primary.region, &secondary.region) {
        if p == s {
            return Err(EngineError::SameRegion(p.clone()));
        }
    }
    let labels = Labels {
        primary: primary.region.clone().unwrap_or_else(|| "primary".into()),
        secondary: secondary
            .region
            .clone()
            .unwrap_or_else(|| "secondary".into()),
    };
    let key_normalizers = [
        Normalizer::new(
            primary.region.as_deref(),
            secondary.region.as_deref(),
            vec![],
            vec![],
            false,
        ),
        Normalizer::new(
            secondary.region.as_deref(),
            primary.region.as_deref(),
            vec![],
            vec![],
            false,
        ),
    ];
    for (snap, n) in [
        (&mut *primary, &key_normalizers[0]),
        (&mut *secondary, &key_normalizers[1]),
    ] {
        for r in &mut snap.resources {
            r.key = n.address(&r.key);
        }
    }
    let p_networks = networks(primary, &labels.primary)?;
    let s_networks = networks(secondary, &labels.secondary)?;
    let relativize = config.cidr == CidrMode::Mirrored;
    let p_norm = Normalizer::new(
        primary.region.as_deref(),
        secondary.region.as_deref(),
        p_networks.clone(),
        s_networks.clone(),
        relativize,
    );
    let s_norm = Normalizer::new(
        secondary.region.as_deref(),
        primary.region.as_deref(),
        s_networks.clone(),
        p_networks.clone(),
        relativize,
    );
    std::thread::scope(|scope| {
        let p = &mut *primary;
        let s = &mut *secondary;
        let pn = &p_norm;
        let sn = &s_norm;
        scope.spawn(move || p.resources.iter_mut().for_each(|r| pn.value(&mut r.values)));
        s.resources.iter_mut().for_each(|r| sn.value(&mut r.values));
    });

    let mut sink = Sink::new(config, labels);
    sink.report_mut().primary_region = primary.region.clone();
    sink.report_mut().secondary_region = secondary.region.clone();

    if config.require_disjoint {
        pl002_cidr_overlap::check(&p_networks, &s_networks, &mut sink);
    }

    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(secondary.resources.len());
    for (i, r) in secondary.resources.iter().enumerate() {
        if let Some(&j) = by_key.get(r.key.as_str()) {
            return Err(EngineError::DuplicateKey {
                side: sink.labels.secondary.clone(),
                first: secondary.resources[j].address.clone(),
                second: r.address.clone(),
            });
        }
        by_key.insert(&r.key, i);
    }
    let mut seen_primary: HashMap<&str, &str> = HashMap::with_capacity(primary.resources.len());
    let mut matched = vec![false; secondary.resources.len()];
    for p in &primary.resources {
        if let Some(first) = seen_primary.insert(&p.key, &p.address) {
            return Err(EngineError::DuplicateKey {
                side: sink.labels.primary.clone(),
                first: first.to_owned(),
                second: p.address.clone(),
            });
        }
        match by_key.get(p.key.as_str()) {
            Some(&i) if secondary.resources[i].rtype == p.rtype => {
                matched[i] = true;
                compare(
                    &Pair {
                        primary: p,
                        secondary: &secondary.resources[i],
                    },
                    &mut sink,
                );
            }
            Some(&i) => {
                matched[i] = true;
                pl050_missing::check_type_mismatch(p, &secondary.resources[i], &mut sink);
            }
            None => pl050_missing::check(Some(p), None, &mut sink),
        }
    }
    for (r, seen) in secondary.resources.iter().zip(&matched) {
        if !seen {
            pl050_missing::check(None, Some(r), &mut sink);
        }
    }
    Ok(sink.finish())
}

/// Network ranges (VPC/VNet) of one snapshot, validated.
fn networks(snapshot: &Snapshot<'_>, side: &str) -> Result<Vec<Network>, EngineError> {
    let mut out = Vec::new();
    for r in &snapshot.resources {
        for (rtype, pattern) in pl001_cidr_layout::ATTRIBUTES {
            if r.rtype != *rtype {
                continue;
            }
            let mut leaves = Vec::new();
            if let Some(v) = r.values.get(pattern) {
                flatten(v, &mut leaves);
            }
            for (sub, leaf) in leaves {
                let Val::Str(text) = leaf else { continue };
                let attribute = format!("{pattern}{sub}");
                let cidr: Cidr =
                    text.parse()
                        .map_err(|e: crate::cidr::CidrError| EngineError::InvalidCidr {
                            side: side.to_owned(),
                            address: r.address.clone(),
                            attribute: attribute.clone(),
                            value: text.to_string(),
                            reason: e.to_string(),
                        })?;
                let is_network = matches!(
                    *rtype,
                    "aws_vpc" | "aws_vpc_ipv4_cidr_block_association" | "azurerm_virtual_network"
                );
                if is_network {
                    out.push(Network {
                        cidr: cidr.network(),
                        key: r.key.clone(),
                        address: r.address.clone(),
                        rtype: r.rtype.to_string(),
                        attribute,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Two resources paired by key.
pub(crate) struct Pair<'x, 'a> {
    pub primary: &'x Resource<'a>,
    pub secondary: &'x Resource<'a>,
}

impl Pair<'_, '_> {
    pub fn key(&self) -> &str {
        &self.primary.key
    }
    pub fn rtype(&self) -> &str {
        &self.primary.rtype
    }
}

/// One attribute path and its value on each side (`None` = absent).
#[derive(Debug)]
pub(crate) struct Leaf<'x, 'a> {
    pub path: String,
    pub primary: Option<&'x Val<'a>>,
    pub secondary: Option<&'x Val<'a>>,
}

impl<'x, 'a> Leaf<'x, 'a> {
    /// Either side unknown or sensitive.
    pub fn opaque(&self) -> bool {
        self.primary.is_some_and(Val::is_opaque) || self.secondary.is_some_and(Val::is_opaque)
    }

    /// Equal, treating absent, `null`, `[]` and `{}` alike.
    pub fn equal(&self) -> bool {
        fn empty(v: Option<&Val<'_>>) -> bool {
            match v {
                None | Some(Val::Null) => true,
                Some(Val::List(l)) => l.is_empty(),
                Some(Val::Map(m)) => m.is_empty(),
                _ => false,
            }
        }
        match (self.primary, self.secondary) {
            (Some(a), Some(b)) if a == b => true,
            (a, b) => empty(a) && empty(b),
        }
    }
}

fn compare(pair: &Pair<'_, '_>, sink: &mut Sink<'_>) {
    sink.pairs += 1;
    let (p, s) = (&pair.primary.values, &pair.secondary.values);
    if p == s {
        sink.not_comparable += count_comparable_opaque(pair.rtype(), p);
        pl030_tags::check_required(pair, sink);
        return;
    }
    let before = sink.findings_len();
    let leaves = leaves(p, s);
    let mut groups: [Vec<&Leaf<'_, '_>>; 7] = Default::default();
    for leaf in &leaves {
        let owner = catalog::owner(pair.rtype(), &catalog::wildcard(&leaf.path));
        let slot = match owner {
            Owner::Skip => continue,
            Owner::Rule(rule) => rule_slot(rule),
        };
        if leaf.opaque() {
            sink.not_comparable += 1;
            continue;
        }
        groups[slot].push(leaf);
    }
    let [pl001, pl020, pl030, pl010, pl011, pl040, pl060] = &groups;
    pl001_cidr_layout::check(pair, pl001, sink);
    pl020_network_rules::check(pair, pl020, sink);
    pl030_tags::check(pair, pl030, sink);
    pl010_instance_size::check(pair, pl010, sink);
    pl011_capacity::check(pair, pl011, sink);
    pl040_versions::check(pair, pl040, sink);
    pl060_attribute_drift::check(pair, pl060, sink);
    if sink.findings_len() > before {
        sink.keep_diff(pair.key(), Some(p), Some(s));
    }
}

fn rule_slot(rule: &RuleInfo) -> usize {
    match rule.id {
        "PL001" => 0,
        "PL020" => 1,
        "PL030" => 2,
        "PL010" => 3,
        "PL011" => 4,
        "PL040" => 5,
        _ => 6,
    }
}

/// Union of both trees' leaves, by path.
fn leaves<'x, 'a>(p: &'x Val<'a>, s: &'x Val<'a>) -> Vec<Leaf<'x, 'a>> {
    let mut pl = Vec::new();
    let mut sl = Vec::new();
    flatten(p, &mut pl);
    flatten(s, &mut sl);
    let mut sides: HashMap<String, Leaf<'x, 'a>> = HashMap::with_capacity(pl.len() + 4);
    for (path, v) in pl {
        sides.insert(
            path.clone(),
            Leaf {
                path,
                primary: Some(v),
                secondary: None,
            },
        );
    }
    for (path, v) in sl {
        sides
            .entry(path.clone())
            .or_insert_with(|| Leaf {
                path,
                primary: None,
                secondary: None,
            })
            .secondary = Some(v);
    }
    let mut out: Vec<Leaf<'x, 'a>> = sides.into_values().collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Opaque leaves a rule would have compared (identity and role attributes
/// are never compared, so they do not count).
fn count_comparable_opaque(rtype: &str, v: &Val<'_>) -> usize {
    match v {
        Val::Map(entries) => entries
            .iter()
            .map(|(k, v)| match count_opaque(v) {
                0 => 0,
                _ if catalog::owner(rtype, k) == Owner::Skip => 0,
                n => n,
            })
            .sum(),
        other => count_opaque(other),
    }
}

fn count_opaque(v: &Val<'_>) -> usize {
    match v {
        Val::Unknown | Val::Sensitive => 1,
        Val::List(items) => items.iter().map(count_opaque).sum(),
        Val::Map(entries) => entries.iter().map(|(_, v)| count_opaque(v)).sum(),
        _ => 0,
    }
}

/// Display names of the two sides.
#[derive(Debug, Clone)]
pub(crate) struct Labels {
    pub primary: String,
    pub secondary: String,
}

/// Collects findings, applying severity overrides and ignores.
pub(crate) struct Sink<'c> {
    config: &'c Config,
    ignores: Vec<IgnoreMatcher<'c>>,
    pub labels: Labels,
    report: Report,
    pub not_comparable: usize,
    pub pairs: usize,
}

impl<'c> Sink<'c> {
    fn new(config: &'c Config, labels: Labels) -> Sink<'c> {
        Sink {
            config,
            ignores: config.ignore_matchers(),
            labels,
            report: Report::default(),
            not_comparable: 0,
            pairs: 0,
        }
    }

    pub fn config(&self) -> &Config {
        self.config
    }

    fn report_mut(&mut self) -> &mut Report {
        &mut self.report
    }

    fn findings_len(&self) -> usize {
        self.report.findings.len() + self.report.suppressed.len()
    }

    /// Records a finding on a paired resource.
    pub fn pair_finding(
        &mut self,
        rule: &'static RuleInfo,
        pair: &Pair<'_, '_>,
        attribute: &str,
        primary: serde_json::Value,
        secondary: serde_json::Value,
        message: String,
    ) {
        self.add(Finding {
            rule,
            severity: rule.severity,
            address: pair.key().to_owned(),
            resource_type: pair.rtype().to_owned(),
            primary_address: Some(pair.primary.address.clone()),
            secondary_address: Some(pair.secondary.address.clone()),
            attribute: attribute.to_owned(),
            primary,
            secondary,
            message,
            hint: rule.hint.to_owned(),
        });
    }

    /// Records a finding about one attribute leaf of a pair.
    pub fn leaf_finding(
        &mut self,
        rule: &'static RuleInfo,
        pair: &Pair<'_, '_>,
        leaf: &Leaf<'_, '_>,
        message: String,
    ) {
        self.pair_finding(
            rule,
            pair,
            &leaf.path,
            json(leaf.primary),
            json(leaf.secondary),
            message,
        );
    }

    /// Records a finding; `finding.severity` is replaced by the configured one.
    pub fn add(&mut self, mut finding: Finding) {
        finding.severity = self.config.severity_of(finding.rule);
        if finding.severity == Severity::Off {
            return;
        }
        let ignored = self
            .ignores
            .iter()
            .find(|m| m.matches(finding.rule.id, &finding.address, &finding.attribute));
        match ignored {
            Some(m) => self.report.suppressed.push(Suppressed {
                reason: m.entry.reason.clone(),
                finding,
            }),
            None => self.report.findings.push(finding),
        }
    }

    /// Keeps the normalized attribute lines of a resource for diffs.
    pub fn keep_diff(
        &mut self,
        address: &str,
        primary: Option<&Val<'_>>,
        secondary: Option<&Val<'_>>,
    ) {
        let lines = |v: Option<&Val<'_>>| {
            let mut leaves = Vec::new();
            if let Some(v) = v {
                flatten(v, &mut leaves);
            }
            leaves
                .into_iter()
                .map(|(path, v)| format!("{path} = {v}"))
                .collect::<Vec<_>>()
        };
        self.report.diffs.push(ResourceDiff {
            address: address.to_owned(),
            primary: lines(primary),
            secondary: lines(secondary),
        });
    }

    fn finish(mut self) -> Report {
        let mut report = std::mem::take(&mut self.report);
        let order = |f: &Finding| (f.address.clone(), f.rule.id, f.attribute.clone());
        report.findings.sort_by_key(order);
        report.suppressed.sort_by_key(|s| order(&s.finding));
        report.diffs.sort_by(|a, b| a.address.cmp(&b.address));
        report.diffs.dedup_by(|a, b| a.address == b.address);
        let summary = &mut report.summary;
        for f in &report.findings {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Note => summary.notes += 1,
                Severity::Off => {}
            }
        }
        summary.suppressed = report.suppressed.len();
        summary.not_comparable = self.not_comparable;
        summary.pairs = self.pairs;
        report
    }
}

/// Findings for every leaf that differs (PL010, PL040, PL060 and the
/// standalone forms of other rules).
pub(crate) fn differing_leaves(
    rule: &'static RuleInfo,
    pair: &Pair<'_, '_>,
    leaves: &[&Leaf<'_, '_>],
    sink: &mut Sink<'_>,
) {
    for leaf in leaves {
        if !leaf.equal() {
            let message = differs(leaf, &sink.labels);
            sink.leaf_finding(rule, pair, leaf, message);
        }
    }
}

/// "`path` differs: a in us-east-1, b in us-west-2".
pub(crate) fn differs(leaf: &Leaf<'_, '_>, labels: &Labels) -> String {
    format!(
        "`{}` differs: {} in {}, {} in {}",
        leaf.path,
        show(leaf.primary),
        labels.primary,
        show(leaf.secondary),
        labels.secondary
    )
}

pub(crate) fn show(v: Option<&Val<'_>>) -> String {
    v.map_or_else(|| "absent".to_owned(), |v| v.to_string())
}

pub(crate) fn json(v: Option<&Val<'_>>) -> serde_json::Value {
    v.map_or(serde_json::Value::Null, Val::to_json)
}
