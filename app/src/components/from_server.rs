//! Island props the browser only reads.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value the server hands to an island: written into the page as JSON by
/// the server, read back by the browser. Hydrating an island also serializes
/// its props once more in the browser, only to drop the result (the browser
/// never writes `data-props`), so there this writes nothing: the bundle
/// carries no JSON encoder for the type, only its decoder.
#[derive(Clone, Debug, PartialEq)]
pub struct FromServer<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for FromServer<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(FromServer)
    }
}

#[cfg(feature = "ssr")]
impl<T: Serialize> Serialize for FromServer<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

#[cfg(not(feature = "ssr"))]
impl<T> Serialize for FromServer<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// On the server the JSON is the value's own, so the browser reads the
    /// value back unchanged.
    #[test]
    fn the_server_writes_the_value_itself() {
        let json = leptos::serde_json::to_string(&FromServer(vec![1, 2])).unwrap();
        assert_eq!(json, "[1,2]");
        let back: FromServer<Vec<i32>> = leptos::serde_json::from_str(&json).unwrap();
        assert_eq!(back, FromServer(vec![1, 2]));
    }
}
