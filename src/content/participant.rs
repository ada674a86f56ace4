//! A participant's code (`FR`, `EU`): the key of a State or organization in the data,
//! its page's address and its region name. Which codes are valid for which kind of
//! participant is decided here; `data::parse_signatories` asks, where the data is read.

use std::borrow::{Borrow, Cow};
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use super::data::ParticipantKind;

/// Codes ISO 3166 reserves outside the country list that a participant may use.
const RESERVED_ORGANIZATION_CODES: &[&str] = &["EU"];

/// A participant's code as written in `signatories.yaml`; read as a plain string (so a
/// bad one is reported with the record's context, not as a parse error) and checked by
/// [`ParticipantCode::is_valid_for`] when the file is read. Templates see the string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParticipantCode(String);

impl ParticipantCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// An ISO 3166-1 alpha-2 code for a State; a code ISO reserves for it for an organization.
    pub fn is_valid_for(&self, kind: ParticipantKind) -> bool {
        match kind {
            ParticipantKind::State => rust_iso3166::from_alpha2(&self.0).is_some(),
            ParticipantKind::Organization => RESERVED_ORGANIZATION_CODES.contains(&self.0.as_str()),
        }
    }

    /// Valid for some kind of participant (a reported event names no kind).
    pub fn is_valid(&self) -> bool {
        self.is_valid_for(ParticipantKind::State) || self.is_valid_for(ParticipantKind::Organization)
    }
}

/// In the JSON Schemas, a string where it is used (as serde reads it), not a definition of its own.
impl JsonSchema for ParticipantCode {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

impl fmt::Display for ParticipantCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A code as written, unchecked (as serde reads it): for tests and for data made in code.
impl From<&str> for ParticipantCode {
    fn from(text: &str) -> Self {
        ParticipantCode(text.to_owned())
    }
}

/// Maps keyed by code can be looked up with a `&str`.
impl Borrow<str> for ParticipantCode {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> ParticipantCode {
        text.into()
    }

    #[test]
    fn a_state_has_an_iso_code_and_the_eu_a_reserved_one() {
        assert!(code("FR").is_valid_for(ParticipantKind::State));
        assert!(!code("XX").is_valid_for(ParticipantKind::State));
        assert!(!code("fr").is_valid_for(ParticipantKind::State));
        assert!(code("EU").is_valid_for(ParticipantKind::Organization));
        assert!(!code("EU").is_valid_for(ParticipantKind::State));
        assert!(!code("FR").is_valid_for(ParticipantKind::Organization));
        assert!(code("EU").is_valid() && code("VN").is_valid() && !code("XX").is_valid());
    }

    #[test]
    fn templates_and_json_see_the_code_as_a_string() {
        assert_eq!(serde_json::to_string(&code("FR")).unwrap(), "\"FR\"");
        let read: ParticipantCode = serde_yaml::from_str("VN").unwrap();
        assert_eq!(read.as_str(), "VN");
    }
}
