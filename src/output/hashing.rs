//! Digests of values as they serialize: what a template would be given,
//! fed to a hasher as it is walked, with no text or value made.
//!
//! Every value is written with a tag for its shape, strings with their
//! length and compounds with a mark at their end, so that two different
//! values never feed the hasher the same bytes. It says it is not human
//! readable, which lets a value with a costly text form (the JSON-LD of a
//! page) be hashed from what that text is made of.

use std::fmt;
use std::hash::Hasher;

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeSeq, SerializeStruct};

/// Feeds `value`, as it serializes, to `hasher`.
pub fn hash_value(value: &impl Serialize, hasher: &mut impl Hasher) -> Result<(), HashError> {
    value.serialize(&mut HashSerializer(hasher))
}

/// A value that cannot be serialized (a map whose keys are not text, say).
#[derive(Debug)]
pub struct HashError(String);

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HashError {}

impl ser::Error for HashError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        HashError(message.to_string())
    }
}

struct HashSerializer<'h, H: Hasher>(&'h mut H);

/// The shape of what follows in the hasher's input.
#[repr(u8)]
enum Tag {
    Bool = 1,
    Signed,
    Unsigned,
    Float,
    Char,
    Text,
    Bytes,
    None,
    Some,
    Unit,
    Variant,
    Sequence,
    Map,
    End,
}

impl<H: Hasher> HashSerializer<'_, H> {
    fn tag(&mut self, tag: Tag) {
        self.0.write_u8(tag as u8);
    }

    fn variant(&mut self, index: u32) {
        self.tag(Tag::Variant);
        self.0.write_u32(index);
    }

    fn text(&mut self, text: &str) {
        self.tag(Tag::Text);
        self.0.write_usize(text.len());
        self.0.write(text.as_bytes());
    }
}

type Done = Result<(), HashError>;

/// Numbers are hashed as the widest of their kind: `1u8` and `1u64` are
/// the same number to a template.
macro_rules! widened {
    ($($method:ident: $narrow:ty => $wide:ident),* $(,)?) => {
        $(
            fn $method(self, value: $narrow) -> Done {
                self.$wide(value.into())
            }
        )*
    };
}

/// Tuples of every kind are hashed as sequences.
macro_rules! like_a_sequence {
    ($($kind:ident :: $method:ident),* $(,)?) => {
        $(
            impl<H: Hasher> ser::$kind for &mut HashSerializer<'_, H> {
                type Ok = ();
                type Error = HashError;

                fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
                    SerializeSeq::serialize_element(self, value)
                }

                fn end(self) -> Done {
                    SerializeSeq::end(self)
                }
            }
        )*
    };
}

impl<'s, 'h, H: Hasher> ser::Serializer for &'s mut HashSerializer<'h, H> {
    type Ok = ();
    type Error = HashError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }

    widened! {
        serialize_i8: i8 => serialize_i128,
        serialize_i16: i16 => serialize_i128,
        serialize_i32: i32 => serialize_i128,
        serialize_i64: i64 => serialize_i128,
        serialize_u8: u8 => serialize_u128,
        serialize_u16: u16 => serialize_u128,
        serialize_u32: u32 => serialize_u128,
        serialize_u64: u64 => serialize_u128,
        serialize_f32: f32 => serialize_f64,
    }

    fn serialize_bool(self, value: bool) -> Done {
        self.tag(Tag::Bool);
        self.0.write_u8(u8::from(value));
        Ok(())
    }

    fn serialize_i128(self, value: i128) -> Done {
        self.tag(Tag::Signed);
        self.0.write_i128(value);
        Ok(())
    }

    fn serialize_u128(self, value: u128) -> Done {
        self.tag(Tag::Unsigned);
        self.0.write_u128(value);
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Done {
        self.tag(Tag::Float);
        self.0.write_u64(value.to_bits());
        Ok(())
    }

    fn serialize_char(self, value: char) -> Done {
        self.tag(Tag::Char);
        self.0.write_u32(u32::from(value));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Done {
        self.text(value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Done {
        self.tag(Tag::Bytes);
        self.0.write_usize(value.len());
        self.0.write(value);
        Ok(())
    }

    fn serialize_none(self) -> Done {
        self.tag(Tag::None);
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Done {
        self.tag(Tag::Some);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Done {
        self.tag(Tag::Unit);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Done {
        self.variant(index);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Done {
        self.variant(index);
        value.serialize(self)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, HashError> {
        self.tag(Tag::Sequence);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, HashError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, HashError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        len: usize,
    ) -> Result<Self, HashError> {
        self.variant(index);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, HashError> {
        self.tag(Tag::Map);
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self, HashError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        len: usize,
    ) -> Result<Self, HashError> {
        self.variant(index);
        self.serialize_map(Some(len))
    }
}

impl<H: Hasher> SerializeSeq for &mut HashSerializer<'_, H> {
    type Ok = ();
    type Error = HashError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }

    fn end(self) -> Done {
        self.tag(Tag::End);
        Ok(())
    }
}

like_a_sequence!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl<H: Hasher> SerializeMap for &mut HashSerializer<'_, H> {
    type Ok = ();
    type Error = HashError;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }

    fn end(self) -> Done {
        self.tag(Tag::End);
        Ok(())
    }
}

impl<H: Hasher> SerializeStruct for &mut HashSerializer<'_, H> {
    type Ok = ();
    type Error = HashError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Done {
        self.text(key);
        value.serialize(&mut **self)
    }

    fn end(self) -> Done {
        SerializeMap::end(self)
    }
}

impl<H: Hasher> ser::SerializeStructVariant for &mut HashSerializer<'_, H> {
    type Ok = ();
    type Error = HashError;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Done {
        SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Done {
        SerializeMap::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(value: &impl Serialize) -> u64 {
        let mut hasher = crate::fingerprint::hasher();
        hash_value(value, &mut hasher).unwrap();
        hasher.finish()
    }

    #[test]
    fn different_values_feed_different_bytes() {
        // Strings are not run together, nor lists with their neighbours.
        assert_ne!(digest(&("ab", "c")), digest(&("a", "bc")));
        assert_ne!(
            digest(&(vec![1u32], vec![2u32])),
            digest(&(vec![1u32, 2], Vec::<u32>::new()))
        );
        assert_ne!(digest(&Some("")), digest(&Option::<&str>::None));
        assert_ne!(
            digest(&serde_json::json!({"a": 1})),
            digest(&serde_json::json!({"a": "1"}))
        );
        assert_eq!(
            digest(&serde_json::json!({"a": [1, 2]})),
            digest(&serde_json::json!({"a": [1, 2]}))
        );
    }
}
