//! JSON Schemas for the files a site author writes: `site.yaml`, the data files
//! (`convention.yaml`, `signatories.yaml`, `titles/<lang>.yaml`) and Markdown front
//! matter. They are generated from the same types serde reads (schemars derives), so a
//! schema cannot say something the parser does not; `docs/schema/*.json` holds them,
//! and a test keeps those files equal to what this module generates.
//!
//! A schema checks the shape of a file (keys, types, enumerations) as an editor can
//! while one types; what needs the rest of the site (article numbers, ISO codes, dates
//! in order) is still checked by `build` and `check`.

use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};

/// Where the schemas are published, relative to the repository root (and where
/// `accord init` writes a copy, relative to the new site's root).
pub const DIR: &str = "docs/schema";

/// A calendar date as YAML writes it (`2025-10-25`).
pub fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" })
}

/// An optional calendar date.
pub fn optional_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"], "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" })
}

/// A date as precise as a report: a day (`2026-02-10`) or a month (`2026-07`).
pub fn day_or_month(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string", "pattern": "^\\d{4}-\\d{2}(-\\d{2})?$" })
}

fn generate<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<T>()
}

/// Every schema, as (file name, schema), in a stable order.
pub fn all() -> Vec<(&'static str, Schema)> {
    vec![
        ("site.schema.json", crate::config::schema()),
        ("convention.schema.json", generate::<crate::content::data::ConventionData>()),
        ("signatories.schema.json", generate::<crate::content::data::SignatoriesData>()),
        ("titles.schema.json", generate::<crate::content::data::TitlesData>()),
        ("front-matter.schema.json", generate::<crate::content::FrontMatter>()),
    ]
}

/// A schema's published text: pretty JSON with a final newline.
pub fn to_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema is JSON");
    text.push('\n');
    text
}

/// For config.rs, whose raw type is private to it.
pub(crate) fn generate_for<T: JsonSchema>() -> Schema {
    generate::<T>()
}
