//! The EC2 instance-type list that V9 checks against (the same list as
//! `GET /models/metadata/instances`).

use std::collections::BTreeSet;

/// LISA v6.6.0's list, as its botocore knows it (`shared/fixtures/instances-response.json`).
const BUILTIN: &str = include_str!("../../data/instances.json");

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstanceTypes {
    ordered: Vec<String>,
    set: BTreeSet<String>,
}

impl InstanceTypes {
    pub fn from_list(list: Vec<String>) -> Self {
        // Inserted one by one rather than collected (collecting sorts first, and the sort's
        // code would weigh on the browser bundle).
        let mut set = BTreeSet::new();
        for t in &list {
            set.insert(t.clone());
        }
        InstanceTypes { ordered: list, set }
    }

    /// The list LISA v6.6.0 answers with (used by the mock server).
    pub fn builtin() -> Self {
        // The file is part of this crate and checked by a test, so it always parses.
        Self::from_list(serde_json::from_str(BUILTIN).unwrap_or_default())
    }

    /// Exact, case-sensitive membership, as the server checks it.
    pub fn contains(&self, instance_type: &str) -> bool {
        self.set.contains(instance_type)
    }

    /// In LISA's (unsorted) order.
    pub fn as_slice(&self) -> &[String] {
        &self.ordered
    }

    pub fn is_empty(&self) -> bool {
        self.ordered.is_empty()
    }
}
