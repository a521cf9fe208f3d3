//! Every error body the mock sends, by the layer that produces it in a real deployment
//! (lisa-api.md §3): API Gateway (E10, no CORS), the FastAPI input-validation middleware (E9),
//! the models app (E2–E7, behind CORS and security headers), its catch-all (E8, no CORS).

use lisa_api::validate::{validation_error_body, Violation};
use serde_json::json;

use crate::config::ErrorStyle;
use crate::http::Reply;

/// An error raised inside the models app.
#[derive(Clone, Debug, PartialEq)]
pub enum AppError {
    /// `{"detail": "<text>"}`. `name` and `documented` are what `--error-style documented` sends
    /// instead: the seed document's error name and, where it gives one, its message.
    Detail { status: u16, text: String, name: &'static str, documented: Option<String> },
    /// 422 RequestValidationError (E2).
    Validation(Vec<Violation>),
    /// 500 from the catch-all handler (E8): V76, V77, anything unexpected.
    Internal,
}

impl AppError {
    pub fn model_not_found(model_id: &str, text: String) -> AppError {
        AppError::Detail {
            status: 404,
            text,
            name: "ModelNotFoundError",
            documented: Some(format!("The requested model with ID {model_id} could not be found.")),
        }
    }

    pub fn already_exists(model_id: &str) -> AppError {
        AppError::Detail {
            status: 409,
            text: format!("Model '{model_id}' already exists. Please select another name."),
            name: "ModelAlreadyExistsError",
            documented: Some("A model with the given configuration already exists.".to_string()),
        }
    }

    pub fn forbidden(text: &str) -> AppError {
        AppError::Detail { status: 403, text: text.to_string(), name: "ForbiddenError", documented: None }
    }

    /// A handler rule (InvalidStateTransitionError / ValueError) → 400.
    pub fn bad_request(text: impl Into<String>) -> AppError {
        AppError::Detail { status: 400, text: text.into(), name: "InvalidInputError", documented: None }
    }

    pub fn route_not_found() -> AppError {
        AppError::Detail { status: 404, text: "Not Found".to_string(), name: "NotFoundError", documented: None }
    }

    pub fn method_not_allowed() -> AppError {
        AppError::Detail {
            status: 405,
            text: "Method Not Allowed".to_string(),
            name: "MethodNotAllowedError",
            documented: None,
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Detail { status, .. } => *status,
            AppError::Validation(_) => 422,
            AppError::Internal => 500,
        }
    }

    pub fn render(&self, style: ErrorStyle) -> Reply {
        match (self, style) {
            (AppError::Internal, _) => internal_error(),
            (AppError::Detail { status, text, .. }, ErrorStyle::Real) => {
                Reply::json(*status, &json!({ "detail": text })).app()
            }
            (AppError::Detail { status, text, name, documented }, ErrorStyle::Documented) => Reply::json(
                *status,
                &json!({ "error": name, "message": documented.clone().unwrap_or_else(|| text.clone()) }),
            )
            .app(),
            (AppError::Validation(violations), ErrorStyle::Real) => {
                Reply::json(422, &validation_error_body(violations)).app()
            }
            (AppError::Validation(_), ErrorStyle::Documented) => Reply::json(
                422,
                &json!({
                    "error": "ValidationError",
                    "message": "The input provided does not meet the required validation criteria.",
                }),
            )
            .app(),
        }
    }
}

/// E8: Starlette's outermost error middleware answers, outside CORS and security headers.
pub fn internal_error() -> Reply {
    Reply::json(
        500,
        &json!({
            "error": "Internal Server Error",
            "message": "An unexpected error occurred while processing your request",
        }),
    )
}

/// E9: LISA's input-validation middleware. It is the outermost user middleware of the models
/// app (`fastapi_factory.py` adds it last), so its answers bypass the CORS and security-header
/// middleware too.
pub fn middleware_error(status: u16, error: &str, message: &str) -> Reply {
    Reply::json(status, &json!({ "error": error, "message": message }))
}

/// API Gateway: no `Authorization` header (authorizer not invoked).
pub fn gateway_unauthorized() -> Reply {
    Reply::json(401, &json!({ "message": "Unauthorized" }))
}

/// API Gateway: the authorizer answered Deny. Note the capital `M`.
pub fn gateway_explicit_deny() -> Reply {
    Reply::json(403, &json!({ "Message": "User is not authorized to access this resource with an explicit deny" }))
}

/// API Gateway: no method defined for this resource/method pair.
pub fn gateway_missing_token() -> Reply {
    Reply::json(403, &json!({ "message": "Missing Authentication Token" }))
}

/// API Gateway: payload above its 10 MB hard limit.
pub fn gateway_too_large() -> Reply {
    Reply::json(413, &json!({ "message": "Request Too Long" }))
}

/// The Serve API's auth middleware: 401, produced outside the CORS middleware, so no CORS
/// header (lisa-serve.md §2, §3; verified against the real app).
pub fn serve_unauthorized() -> Reply {
    Reply::json(401, &json!({ "error": "Unauthorized", "message": "Not authenticated" }))
}

/// The auth middleware's catch-all: any unhandled error downstream (LiteLLM down, a non-JSON
/// upstream answer, a body that is not an object) becomes this CORS-less 401.
pub fn serve_auth_failed() -> Reply {
    Reply::json(401, &json!({ "error": "Unauthorized", "message": "Authentication failed" }))
}

/// The Serve API's rate limiter (§5): 429 with `Retry-After`, no CORS header.
pub fn serve_rate_limited(retry_after: u64) -> Reply {
    Reply::json(
        429,
        &json!({ "error": { "message": "Rate limit exceeded. Please slow down and retry.", "type": "rate_limit_error", "code": "rate_limit_exceeded" } }),
    )
    .header("retry-after", retry_after.to_string())
}

/// The Serve API's security / input-validation middlewares (§7.1): no CORS header.
pub fn serve_bad_request(message: &str) -> Reply {
    Reply::json(400, &json!({ "error": "Bad Request", "message": message }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_style_keeps_status_and_uses_error_names() {
        let e = AppError::model_not_found("x", "Model 'x' was not found.".into());
        let real = e.render(ErrorStyle::Real);
        assert_eq!(real.status.as_u16(), 404);
        assert_eq!(&real.body[..], br#"{"detail":"Model 'x' was not found."}"#);
        let doc = e.render(ErrorStyle::Documented);
        let v: serde_json::Value = serde_json::from_slice(&doc.body).unwrap();
        assert_eq!(v["error"], "ModelNotFoundError");
        assert_eq!(v["message"], "The requested model with ID x could not be found.");
        assert_eq!(internal_error().cors, crate::http::Cors::None);
        assert!(!internal_error().security);
    }
}
