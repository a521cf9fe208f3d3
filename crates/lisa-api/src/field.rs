//! A request field that keeps "omitted" and `null` apart.
//!
//! LISA reacts differently to a key that is absent and a key sent as `null` (lisa-api.md §0:
//! V36, V38, V41; `hostingType: null` is stored as null while an omitted one defaults to
//! `third_party`). `Option<T>` cannot say which of the two a body held, so requests use this.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Field<T> {
    /// The key is not in the body.
    #[default]
    Omitted,
    /// The key is present with the value `null`.
    Null,
    /// The key is present with a value.
    Set(T),
}

impl<T> Field<T> {
    pub fn is_omitted(&self) -> bool {
        matches!(self, Field::Omitted)
    }

    /// Omitted or null: what LISA's "at least one field" rules (V40a, V43) count as absent.
    pub fn is_absent(&self) -> bool {
        !matches!(self, Field::Set(_))
    }

    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Omitted => Field::Omitted,
            Field::Null => Field::Null,
            Field::Set(v) => Field::Set(v),
        }
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_option(self) -> Option<T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Option<T>> for Field<T> {
    /// `None` becomes *omitted*, never `null`: forms leave out what the admin did not set.
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => Field::Set(v),
            None => Field::Omitted,
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Callers pair this with `skip_serializing_if = "Field::is_omitted"`; if they forget,
            // writing null is the least surprising fallback.
            Field::Omitted | Field::Null => serializer.serialize_none(),
            Field::Set(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the key is present (missing keys use `#[serde(default)]`).
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Field::Set(v),
            None => Field::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Body {
        #[serde(default, skip_serializing_if = "Field::is_omitted")]
        a: Field<u32>,
    }

    #[test]
    fn omitted_null_and_set_round_trip() {
        for (json, field) in [
            ("{}", Field::Omitted),
            (r#"{"a":null}"#, Field::Null),
            (r#"{"a":3}"#, Field::Set(3)),
        ] {
            let body: Body = serde_json::from_str(json).unwrap();
            assert_eq!(body.a, field);
            assert_eq!(serde_json::to_string(&body).unwrap(), json);
        }
    }
}
