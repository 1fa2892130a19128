//! Paths into a value, as the plugin protocol's `AttributePath` carries them
//! in diagnostics and `requires_replace`.

use std::fmt;

/// One step of an [`AttributePath`]: the three step kinds of the protocol's
/// `AttributePath.Step` message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// An object attribute (or nested block) by name.
    Attribute(String),
    /// A map element by key.
    ElementKeyString(String),
    /// A list or tuple element by index. Set elements have no index in
    /// Terraform; the codecs use their position on the wire in errors.
    ElementKeyInt(i64),
}

/// A path from the root of a value to one of its parts, e.g.
/// `parity[0].ignore[1].reason`. The empty path is the value itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttributePath {
    pub steps: Vec<Step>,
}

impl AttributePath {
    /// The empty path: the whole value.
    pub fn root() -> AttributePath {
        AttributePath::default()
    }

    /// A path to a top-level attribute.
    pub fn new(attribute: impl Into<String>) -> AttributePath {
        AttributePath::root().attr(attribute)
    }

    /// This path extended by an attribute step.
    #[must_use]
    pub fn attr(mut self, name: impl Into<String>) -> AttributePath {
        self.steps.push(Step::Attribute(name.into()));
        self
    }

    /// This path extended by a map key step.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> AttributePath {
        self.steps.push(Step::ElementKeyString(key.into()));
        self
    }

    /// This path extended by a list/tuple index step.
    #[must_use]
    pub fn index(mut self, index: i64) -> AttributePath {
        self.steps.push(Step::ElementKeyInt(index));
        self
    }

    pub fn push(&mut self, step: Step) {
        self.steps.push(step);
    }

    pub fn pop(&mut self) -> Option<Step> {
        self.steps.pop()
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

impl From<Vec<Step>> for AttributePath {
    fn from(steps: Vec<Step>) -> AttributePath {
        AttributePath { steps }
    }
}

impl fmt::Display for AttributePath {
    /// Terraform's own notation: `a.b[0]["key"]`; the root path prints as
    /// nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            match step {
                Step::Attribute(name) if i == 0 => f.write_str(name)?,
                Step::Attribute(name) => write!(f, ".{name}")?,
                Step::ElementKeyString(key) => write!(f, "[{key:?}]")?,
                Step::ElementKeyInt(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_uses_terraform_notation() {
        let path = AttributePath::new("parity")
            .index(0)
            .attr("ignore")
            .index(1)
            .attr("reason");
        assert_eq!(path.to_string(), "parity[0].ignore[1].reason");
        let path = AttributePath::new("tags").key("Owner");
        assert_eq!(path.to_string(), r#"tags["Owner"]"#);
        assert_eq!(AttributePath::root().to_string(), "");
        assert_eq!(
            AttributePath::root().index(2).attr("a").to_string(),
            "[2].a"
        );
        assert_eq!(AttributePath::root().key("a\"b").to_string(), r#"["a\"b"]"#);
    }
}
