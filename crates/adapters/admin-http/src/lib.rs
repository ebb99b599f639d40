//! Inbound admin HTTP API: JWT guard, handlers, DTOs, OpenAPI.
