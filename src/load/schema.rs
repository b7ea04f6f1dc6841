//! JSON Schemas (draft 2020-12) of `site-config.yaml` and of each kind's
//! front matter, generated from the types that parse them so they cannot
//! drift apart; editors with YAML support use them to complete field names
//! and flag mistakes as writers type.

use serde_json::{Value, json};

use super::Config;
use super::front_matter::{FrontMatter, Kind};

/// The schema of `site-config.yaml`.
pub fn config_schema() -> Value {
    let mut schema = Value::from(schemars::schema_for!(Config));
    schema["title"] = json!("loa site-config.yaml");
    schema
}

/// The schema of the front matter of an item of `kind`: the fields every
/// kind shares, with the ones this kind requires marked required.
pub fn front_matter_schema(kind: Kind) -> Value {
    let mut schema = Value::from(schemars::schema_for!(FrontMatter));
    schema["title"] = json!(format!("loa front matter: {}", kind.name()));
    let mut required = vec!["title"];
    if kind.is_dated() {
        required.push("date");
    }
    if kind == Kind::News {
        required.push("localities");
        schema["properties"]["localities"]["minItems"] = json!(1);
    }
    schema["required"] = json!(required);
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_fields_follow_the_kind() {
        let news = front_matter_schema(Kind::News);
        assert_eq!(news["required"], json!(["title", "date", "localities"]));
        assert_eq!(news["properties"]["localities"]["minItems"], 1);
        assert_eq!(
            front_matter_schema(Kind::Page)["required"],
            json!(["title"])
        );
        assert_eq!(
            news["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let config = config_schema();
        assert_eq!(
            config["additionalProperties"], false,
            "unknown settings are mistakes"
        );
        assert_eq!(config["required"], json!(["title", "base_url"]));
    }
}
