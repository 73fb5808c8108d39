//! Deserializers that take whatever type the API sends where another was documented (numbers
//! as strings, `""` or `[]` for an empty object, one string for a list) without failing.
//!
//! Hand-written visitors rather than `#[serde(untagged)]` enums: untagged enums buffer every
//! value and retry each variant, which was most of the time spent parsing a page of instances.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Anything the API may put where a string belongs: a string, a number, a bool, or null.
pub enum Scalar {
    Str(String),
    Int(i64),
    Uint(u64),
    Float(f64),
    Bool(bool),
    /// null, or an object or list where a scalar was expected.
    Other,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        // Like the untagged enum before: small numbers are `Int`.
        Ok(i64::try_from(v).map_or(Scalar::Uint(v), Scalar::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Scalar::deserialize(d)? {
        Scalar::Str(s) => s,
        Scalar::Int(n) => n.to_string(),
        Scalar::Uint(n) => n.to_string(),
        Scalar::Float(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Other => String::new(),
    })
}

pub fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(match Scalar::deserialize(d)? {
        Scalar::Uint(n) => n,
        Scalar::Int(n) => u64::try_from(n).unwrap_or(0),
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Scalar::Float(n) if n.is_finite() && n >= 0.0 => n as u64,
        Scalar::Str(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Scalar::deserialize(d)? {
        Scalar::Bool(b) => b,
        Scalar::Str(s) => s.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

/// An object as `T`; anything else (`""`, `null`, `[]`) is `T::default()`.
struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object, or an empty value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(T::default())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_none<E>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_unit<E>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_bool<E>(self, _: bool) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_i64<E>(self, _: i64) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_u64<E>(self, _: u64) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_f64<E>(self, _: f64) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_str<E>(self, _: &str) -> Result<T, E> {
        Ok(T::default())
    }
}

/// A nested object that may also arrive as `""`, `null` or `[]`: those mean "empty".
pub fn lenient_struct<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    d.deserialize_any(StructVisitor(PhantomData))
}

/// A list of strings that may also arrive as one string, or as null.
pub fn lenient_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Many;
    impl<'de> Visitor<'de> for Many {
        type Value = Vec<Scalar>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of strings, or one")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Scalar>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(1));
            while let Some(item) = seq.next_element::<Scalar>()? {
                items.push(item);
            }
            Ok(items)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Scalar>, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_none<E>(self) -> Result<Vec<Scalar>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E>(self) -> Result<Vec<Scalar>, E> {
            Ok(Vec::new())
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<Scalar>, A::Error> {
            ScalarVisitor.visit_map(map).map(|s| vec![s])
        }
        fn visit_bool<E>(self, v: bool) -> Result<Vec<Scalar>, E> {
            Ok(vec![Scalar::Bool(v)])
        }
        fn visit_i64<E>(self, v: i64) -> Result<Vec<Scalar>, E> {
            Ok(vec![Scalar::Int(v)])
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Vec<Scalar>, E> {
            ScalarVisitor.visit_u64(v).map(|s| vec![s])
        }
        fn visit_f64<E>(self, v: f64) -> Result<Vec<Scalar>, E> {
            Ok(vec![Scalar::Float(v)])
        }
        fn visit_str<E>(self, v: &str) -> Result<Vec<Scalar>, E> {
            Ok(vec![Scalar::Str(v.to_owned())])
        }
    }
    Ok(d.deserialize_any(Many)?
        .into_iter()
        .filter_map(|s| match s {
            Scalar::Str(s) if !s.is_empty() => Some(s),
            Scalar::Int(n) => Some(n.to_string()),
            Scalar::Uint(n) => Some(n.to_string()),
            _ => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Inner {
        #[serde(deserialize_with = "lenient_strings")]
        ips: Vec<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(deserialize_with = "lenient_string")]
        s: String,
        #[serde(deserialize_with = "lenient_u64")]
        n: u64,
        #[serde(deserialize_with = "lenient_bool")]
        b: bool,
        #[serde(deserialize_with = "lenient_struct")]
        inner: Inner,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).expect("lenient")
    }

    #[test]
    fn odd_types_become_the_documented_ones() {
        let p = probe(r#"{"s":12,"n":"7","b":"TRUE","inner":{"ips":"1.2.3.4"}}"#);
        assert_eq!((p.s.as_str(), p.n, p.b), ("12", 7, true));
        assert_eq!(p.inner.ips, ["1.2.3.4"], "one string is a list of one");
        let p = probe(r#"{"s":{"x":[1]},"n":-3,"b":1,"inner":[]}"#);
        assert_eq!((p.s.as_str(), p.n, p.b), ("", 0, false));
        assert_eq!(p.inner, Inner::default(), "[] for an object is empty");
        let p = probe(r#"{"s":null,"n":2.9,"b":false,"inner":{"ips":["a","",5,null,{"k":1}]}}"#);
        assert_eq!((p.s.as_str(), p.n), ("", 2));
        assert_eq!(
            p.inner.ips,
            ["a", "5"],
            "empty and non-scalar items are dropped"
        );
        let p = probe(r#"{"s":true,"n":18446744073709551615,"b":null,"inner":""}"#);
        assert_eq!((p.s.as_str(), p.n), ("true", u64::MAX));
        assert!(
            serde_json::from_str::<Probe>(r#"{"s":"x","n":1,"b":true,"inner":{"ips":[}"#).is_err()
        );
    }
}
