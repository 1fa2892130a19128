//! Region names of both clouds, and the spellings that embed them.

/// AWS commercial, GovCloud and China regions.
pub const AWS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/// Azure public-cloud regions: (name, display name).
pub const AZURE_REGIONS: &[(&str, &str)] = &[
    ("eastus", "East US"),
    ("eastus2", "East US 2"),
    ("westus", "West US"),
    ("westus2", "West US 2"),
    ("westus3", "West US 3"),
    ("centralus", "Central US"),
    ("northcentralus", "North Central US"),
    ("southcentralus", "South Central US"),
    ("westcentralus", "West Central US"),
    ("canadacentral", "Canada Central"),
    ("canadaeast", "Canada East"),
    ("brazilsouth", "Brazil South"),
    ("northeurope", "North Europe"),
    ("westeurope", "West Europe"),
    ("uksouth", "UK South"),
    ("ukwest", "UK West"),
    ("francecentral", "France Central"),
    ("germanywestcentral", "Germany West Central"),
    ("swedencentral", "Sweden Central"),
    ("switzerlandnorth", "Switzerland North"),
    ("norwayeast", "Norway East"),
    ("polandcentral", "Poland Central"),
    ("italynorth", "Italy North"),
    ("spaincentral", "Spain Central"),
    ("eastasia", "East Asia"),
    ("southeastasia", "Southeast Asia"),
    ("japaneast", "Japan East"),
    ("japanwest", "Japan West"),
    ("koreacentral", "Korea Central"),
    ("koreasouth", "Korea South"),
    ("australiaeast", "Australia East"),
    ("australiasoutheast", "Australia Southeast"),
    ("centralindia", "Central India"),
    ("southindia", "South India"),
    ("westindia", "West India"),
    ("uaenorth", "UAE North"),
    ("southafricanorth", "South Africa North"),
    ("qatarcentral", "Qatar Central"),
    ("israelcentral", "Israel Central"),
    ("mexicocentral", "Mexico Central"),
];

/// Which cloud a region name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cloud {
    Aws,
    Azure,
}

/// Azure's canonical form: lower case, no spaces (`West US 2` → `westus2`).
pub fn azure_canonical(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The cloud of a known region name, and its canonical spelling.
pub fn lookup(name: &str) -> Option<(Cloud, String)> {
    if AWS_REGIONS.contains(&name) {
        return Some((Cloud::Aws, name.to_owned()));
    }
    let canonical = azure_canonical(name);
    AZURE_REGIONS
        .iter()
        .find(|(n, _)| *n == canonical)
        .map(|(n, _)| (Cloud::Azure, (*n).to_owned()))
}

/// The region of an AWS availability zone name (`us-east-1a` → `us-east-1`;
/// local zones such as `us-east-1-bos-1a` too).
pub fn region_of_zone(zone: &str) -> Option<&'static str> {
    AWS_REGIONS
        .iter()
        .filter(|r| zone.len() > r.len() && zone.starts_with(**r))
        .max_by_key(|r| r.len())
        .copied()
}

/// Every spelling of a region that may appear inside names and values,
/// longest first: the name itself, and for AWS the compact code
/// (`us-east-1` → `use1`), for Azure the display name.
pub fn spellings(region: &str) -> Vec<String> {
    let mut out = vec![region.to_owned()];
    match lookup(region) {
        Some((Cloud::Aws, _)) => {
            if let Some(code) = aws_compact_code(region) {
                out.push(code);
            }
        }
        Some((Cloud::Azure, canonical)) => {
            if let Some((_, display)) = AZURE_REGIONS.iter().find(|(n, _)| *n == canonical) {
                out.push((*display).to_owned());
                out.push(display.replace(' ', "-"));
            }
            if canonical != region {
                out.push(canonical);
            }
        }
        None => {}
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// `us-east-1` → `use1`, `ap-southeast-2` → `apse2`, `eu-central-1` → `euc1`.
fn aws_compact_code(region: &str) -> Option<String> {
    let parts: Vec<&str> = region.split('-').collect();
    let (geo, rest) = parts.split_first()?;
    let (number, middle) = rest.split_last()?;
    let mut code = (*geo).to_owned();
    for word in middle {
        let abbr = match *word {
            "east" => "e",
            "west" => "w",
            "north" => "n",
            "south" => "s",
            "central" => "c",
            "northeast" => "ne",
            "northwest" => "nw",
            "southeast" => "se",
            "southwest" => "sw",
            "gov" => "gov",
            _ => return None,
        };
        code.push_str(abbr);
    }
    code.push_str(number);
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_both_clouds() {
        assert_eq!(lookup("us-west-2"), Some((Cloud::Aws, "us-west-2".into())));
        assert_eq!(lookup("West US 2"), Some((Cloud::Azure, "westus2".into())));
        assert_eq!(lookup("mars-1"), None);
    }

    #[test]
    fn zones_map_to_regions() {
        assert_eq!(region_of_zone("us-east-1a"), Some("us-east-1"));
        assert_eq!(region_of_zone("us-east-1-bos-1a"), Some("us-east-1"));
        assert_eq!(region_of_zone("eu-west-1"), None);
    }

    #[test]
    fn spellings_cover_codes_and_display_names() {
        assert_eq!(spellings("us-east-1"), vec!["us-east-1", "use1"]);
        assert_eq!(spellings("ap-southeast-2"), vec!["ap-southeast-2", "apse2"]);
        let az = spellings("westus2");
        assert!(az.contains(&"West US 2".to_owned()) && az.contains(&"westus2".to_owned()));
    }
}
