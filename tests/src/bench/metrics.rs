//! Metrics pages with 5,000 sessions, 500 tools and 300 groups (issue: metrics, "Scale").

use super::Figure;

pub async fn run() -> Result<Vec<Figure>, String> {
    Ok(Vec::new())
}
