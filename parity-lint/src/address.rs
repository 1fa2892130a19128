//! Terraform resource addresses: module steps and the resource part.

/// One `module.NAME[KEY]` step of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleStep<'s> {
    pub name: &'s str,
    /// The instance key as written, brackets excluded (`"us-east-1"` with
    /// its quotes, or `0`).
    pub key: Option<&'s str>,
}

impl ModuleStep<'_> {
    /// The key without quotes (`us-east-1`), if it is a string key.
    pub fn string_key(&self) -> Option<String> {
        let key = self.key?;
        if key.starts_with('"') {
            serde_json::from_str::<String>(key).ok()
        } else {
            None
        }
    }
}

/// Splits `module.a["k"].module.b.aws_vpc.main[0]` into its module steps
/// and the byte offset where the resource part starts. Malformed input
/// yields fewer steps, never a panic.
pub fn module_steps(address: &str) -> (Vec<ModuleStep<'_>>, usize) {
    let mut steps = Vec::new();
    let mut pos = 0;
    while let Some(rest) = address[pos..].strip_prefix("module.") {
        let name_len = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let mut next = pos + "module.".len() + name_len;
        let mut key = None;
        if address[next..].starts_with('[') {
            match bracket_end(&address[next..]) {
                Some(end) => {
                    key = Some(&address[next + 1..next + end]);
                    next += end + 1;
                }
                None => break,
            }
        }
        if !address[next..].starts_with('.') {
            break;
        }
        steps.push(ModuleStep { name, key });
        pos = next + 1;
    }
    (steps, pos)
}

/// Offset of the `]` closing the `[` at the start of `s`, honouring quotes.
fn bracket_end(s: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == ']' {
            return Some(i);
        }
    }
    None
}

/// The address of the module instance holding a resource
/// (`module.a["k"].module.b`), empty for the root module.
pub fn module_of(address: &str) -> &str {
    let (_, start) = module_steps(address);
    address[..start].trim_end_matches('.')
}

/// `type.name` of a resource address, without modules and instance key.
pub fn type_and_name(address: &str) -> &str {
    let (_, start) = module_steps(address);
    let rest = &address[start..];
    let rest = rest.strip_prefix("data.").unwrap_or(rest);
    match rest.find('[') {
        Some(i) => &rest[..i],
        None => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_modules_with_keys() {
        let a = r#"module.region["us-east-1"].module.net.aws_subnet.private[2]"#;
        let (steps, start) = module_steps(a);
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].name, "region");
        assert_eq!(steps[0].string_key().as_deref(), Some("us-east-1"));
        assert_eq!(
            steps[1],
            ModuleStep {
                name: "net",
                key: None
            }
        );
        assert_eq!(&a[start..], "aws_subnet.private[2]");
        assert_eq!(module_of(a), r#"module.region["us-east-1"].module.net"#);
        assert_eq!(type_and_name(a), "aws_subnet.private");
    }

    #[test]
    fn keys_may_hold_dots_and_brackets() {
        let a = r#"module.x["a.b]c"].aws_vpc.main"#;
        let (steps, start) = module_steps(a);
        assert_eq!(steps[0].string_key().as_deref(), Some("a.b]c"));
        assert_eq!(&a[start..], "aws_vpc.main");
    }

    #[test]
    fn root_resources_have_no_steps() {
        assert_eq!(module_steps("aws_vpc.main"), (vec![], 0));
        assert_eq!(module_of("aws_vpc.main"), "");
        assert_eq!(type_and_name("data.aws_vpc.main"), "aws_vpc.main");
    }

    proptest! {
        #[test]
        fn never_panics(s in "(module\\.[a-z\\[\\]\"\\.0-9]{0,12}){0,3}[a-z_.\\[\\]\"0-9]{0,12}") {
            let (_, start) = module_steps(&s);
            prop_assert!(start <= s.len());
            let _ = type_and_name(&s);
        }
    }
}
