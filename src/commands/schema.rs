//! `loa schema`: JSON Schemas for editors.

use crate::cli::{SchemaArgs, SchemaOf};
use crate::error::Error;
use crate::load::front_matter::Kind;
use crate::load::schema::{config_schema, front_matter_schema};

pub fn run(args: SchemaArgs) -> Result<(), Error> {
    let schema = match args.of {
        SchemaOf::Config => config_schema(),
        SchemaOf::Article => front_matter_schema(Kind::Article),
        SchemaOf::News => front_matter_schema(Kind::News),
        SchemaOf::Legal => front_matter_schema(Kind::Legal),
        SchemaOf::Page => front_matter_schema(Kind::Page),
    };
    super::say(format_args!("{schema:#}"))
}
