//! Model catalogue with 5,000 models (issue: model catalogue, "Scale").

use super::Figure;

pub async fn run() -> Result<Vec<Figure>, String> {
    Ok(Vec::new())
}
