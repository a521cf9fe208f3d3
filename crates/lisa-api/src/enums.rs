//! LISA's enumerations (lisa-api.md §4.1), exact JSON strings.
//!
//! Each enum keeps an `Other(String)` variant so that a value this client does not know (a newer
//! LISA, a corrupt record) decodes and is shown as-is instead of failing the whole model list.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            /// A value LISA sent that this client does not know.
            Other(String),
        }

        impl $name {
            /// Every known value, in LISA's declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Exact, case-sensitive match, as LISA's server does it.
            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok($name::parse(&text))
            }
        }
    };
}

string_enum!(
    /// `status` of a model (there is no `Active`, whatever LISA's docs say).
    ModelStatus {
        Creating => "Creating",
        InService => "InService",
        Starting => "Starting",
        Stopping => "Stopping",
        Stopped => "Stopped",
        Updating => "Updating",
        Deleting => "Deleting",
        Failed => "Failed",
    }
);

string_enum!(ModelType {
    Textgen => "textgen",
    Imagegen => "imagegen",
    Videogen => "videogen",
    Embedding => "embedding",
});

string_enum!(
    /// `hostingType`. Lowercase on the wire; LISA's doc example `INTERNAL_HOSTED` is rejected.
    HostingType {
        ThirdParty => "third_party",
        LisaHosted => "lisa_hosted",
        InternalHosted => "internal_hosted",
    }
);

string_enum!(InferenceContainer {
    Tgi => "tgi",
    Tei => "tei",
    Vllm => "vllm",
});

string_enum!(GuardrailMode {
    PreCall => "pre_call",
    DuringCall => "during_call",
    PostCall => "post_call",
});

string_enum!(ScheduleType {
    Daily => "DAILY",
    Recurring => "RECURRING",
});

impl ModelStatus {
    /// A workflow is running: the status will change without any action from the admin.
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            ModelStatus::Creating
                | ModelStatus::Updating
                | ModelStatus::Starting
                | ModelStatus::Stopping
                | ModelStatus::Deleting
        )
    }

    /// Human label (LISA's UI shows the raw values; "InService" reads badly).
    pub fn label(&self) -> &str {
        match self {
            ModelStatus::InService => "In service",
            other => other.as_str(),
        }
    }
}

impl Default for ModelType {
    fn default() -> Self {
        ModelType::Textgen
    }
}

impl ModelType {
    pub fn label(&self) -> &str {
        match self {
            ModelType::Textgen => "Text generation",
            ModelType::Imagegen => "Image generation",
            ModelType::Videogen => "Video generation",
            ModelType::Embedding => "Embedding",
            ModelType::Other(s) => s.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        let s: ModelStatus = serde_json::from_str(r#""InService""#).unwrap();
        assert_eq!(s, ModelStatus::InService);
        let s: ModelStatus = serde_json::from_str(r#""Active""#).unwrap();
        assert_eq!(s, ModelStatus::Other("Active".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""Active""#);
        assert_eq!(HostingType::parse("INTERNAL_HOSTED"), HostingType::Other("INTERNAL_HOSTED".into()));
    }

    #[test]
    fn transitional_states_are_the_workflow_ones() {
        let transitional: Vec<_> =
            ModelStatus::KNOWN.iter().filter(|s| s.is_transitional()).map(|s| s.as_str()).collect();
        assert_eq!(transitional, ["Creating", "Starting", "Stopping", "Updating", "Deleting"]);
    }
}
