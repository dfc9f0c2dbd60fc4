//! The OpenAPI document: its header, security scheme and tags here; paths and schemas
//! are collected from the handlers as they are registered. [`finish`] adds the error
//! answers every operation can give, so no handler forgets them.

use api_types::{PROBLEM_JSON, ProblemDetails, ServerMessage};
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{OpenApi as _, PartialSchema as _, ToSchema as _};

/// The name of the bearer security scheme.
pub const BEARER: &str = "bearer";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Callstar API",
        description = "Book, pay for and hold one-to-one video calls.\n\n\
            Errors are `application/problem+json` (RFC 9457) with a stable `code` and, for \
            invalid input, per-field `errors`. Times are RFC 3339 UTC; fields are camelCase.\n\n\
            Authenticate with `POST /api/auth/login` and send the `accessToken` as \
            `Authorization: Bearer <token>`.",
        license(name = "MIT")
    ),
    tags(
        (name = "auth", description = "Registration, login and sessions"),
        (name = "account", description = "The signed-in user's own account"),
        (name = "operations", description = "Health, readiness and metrics for operators"),
        (name = "payments", description = "Paying for bookings, Stripe's platform webhook, and the admins' payments, refunds and disputes"),
        (name = "payouts", description = "Creators' earnings: the balance computed from their ledger, payout settings, payouts (scheduled, or requested and approved), the admins' decisions and audit trail, and Stripe's Connect webhook"),
        (name = "organizations", description = "Organizations, their staff and clients, invitations by e-mail"),
        (name = "video-calls", description = "Instant calls inside an organization (seeds 003/004)"),
        (name = "realtime", description = "The WebSocket: a single-use ticket, then `{type, data}` messages (schema `ServerMessage`)"),
    )
)]
struct BaseDoc;

/// The document before paths are added.
pub fn base() -> OpenApi {
    let mut doc = BaseDoc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    doc
}

/// Adds the bearer scheme, the problem schema and the error answers common to all operations.
pub fn finish(mut doc: OpenApi) -> OpenApi {
    let mut components = doc.components.take().unwrap_or_else(|| ComponentsBuilder::new().build());
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
    );
    components.add_security_scheme(
        "cron",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("The CRON_SECRET of the server, for /api/cron/{job} only"))
                .build(),
        ),
    );
    components.schemas.insert(ProblemDetails::name().into_owned(), ProblemDetails::schema());
    // The WebSocket's messages are no HTTP body; their schema documents the protocol.
    let mut referenced = Vec::new();
    ServerMessage::schemas(&mut referenced);
    for (name, schema) in referenced {
        components.schemas.entry(name).or_insert(schema);
    }
    components.schemas.insert(ServerMessage::name().into_owned(), ServerMessage::schema());
    doc.components = Some(components);

    for (path, item) in doc.paths.paths.iter_mut() {
        for op in
            [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
        {
            complete_operation(path, op);
        }
    }
    doc
}

/// Whether the operation reads a JSON object body through [`crate::json::Json`] (or
/// `json::parse_or_default`): its schema names a component. Webhooks take their raw body,
/// declared as a string, and never answer 422.
fn reads_json_object(op: &Operation) -> bool {
    op.request_body.as_ref().is_some_and(|body| match body {
        RefOr::T(body) => {
            body.content.values().any(|content| serde_json::to_string(content).is_ok_and(|s| s.contains("$ref")))
        }
        RefOr::Ref(_) => true,
    })
}

/// Whether the operation reads query parameters (`web::Query`), which answer 400 when the
/// query string cannot be read (a missing required value, a number out of its type's range).
fn reads_query(op: &Operation) -> bool {
    op.parameters.as_ref().is_some_and(|params| {
        params
            .iter()
            .any(|p| matches!(p, RefOr::T(p) if matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query)))
    })
}

/// Adds what every operation can answer besides its own documented responses, each only
/// where it is true: the schemathesis run of the test command fails on any status the
/// document does not declare.
fn complete_operation(path: &str, op: &mut Operation) {
    // Problem bodies are application/problem+json, whatever the handler declared.
    for response in op.responses.responses.values_mut() {
        if let RefOr::T(response) = response {
            let is_problem = response.content.values().any(|content| {
                matches!(content, RefOr::T(c) if matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/ProblemDetails")))
            });
            if is_problem {
                let content = response.content.values().next().cloned();
                response.content.clear();
                if let Some(content) = content {
                    response.content.insert(PROBLEM_JSON.to_owned(), content);
                }
            }
        }
    }
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    if secured {
        add_problem(op, "401", "Missing, invalid or expired access token");
    }
    let bad_request = match (op.request_body.is_some(), reads_query(op)) {
        (true, true) => {
            Some("`invalid_json`: the body is not valid JSON; `invalid_query`: the query string is malformed")
        }
        (true, false) => Some("`invalid_json`: the body is not valid JSON"),
        (false, true) => Some("`invalid_query`: the query string is malformed (a missing or mistyped value)"),
        (false, false) => None,
    };
    if let Some(description) = bad_request {
        add_problem(op, "400", description);
    }
    if op.request_body.is_some() {
        add_problem(op, "413", "`payload_too_large`: the body is larger than 64 KiB");
        add_problem(op, "415", "`unsupported_media_type`: the body is not JSON");
    }
    if reads_json_object(op) {
        add_problem(op, "422", "`validation_failed`: the body is not the expected object (see `errors`)");
    }
    add_problem(op, "500", "Internal error (details are in the server log, under the x-request-id)");
    if path.starts_with("/api/") {
        add_problem(op, "503", "`overloaded` or `service_unavailable`: the server is busy; retry after `Retry-After`");
    }
}

fn add_problem(op: &mut Operation, status: &str, description: &str) {
    op.responses.responses.entry(status.to_owned()).or_insert_with(|| RefOr::T(problem_response(description)));
}

/// A response whose body is [`ProblemDetails`].
pub fn problem_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new().schema(Some(Ref::from_schema_name(ProblemDetails::name()))).build(),
        )
        .build()
}
