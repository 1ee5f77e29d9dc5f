/// The API's contract as an OpenAPI 3.1 document, served at `/openapi.json`.
///
/// `OpenAPITests` checks that its paths and methods are exactly the routes the router serves.
enum OpenAPI {
    static let document = jobsDocument.replacingOccurrences(of: "\n  \"paths\": {\n", with: "\n  \"paths\": {\n" + reviewPaths)
        .replacingOccurrences(of: "\"parameters\": {\"JobID\"", with: "\"parameters\": {" + reviewComponents.parameters + "\"JobID\"")
        .replacingOccurrences(of: "\n    \"schemas\": {\n", with: "\n    \"schemas\": {\n" + reviewComponents.schemas)

    static let jobsDocument = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "dubblett-server",
    "version": "1.0.0",
    "description": "Swedish customer-register care over HTTP: deduplicate, link, validate, update from a population extract and wash against a do-not-call list, as jobs on whole files. Every error is JSON {\"error\":{\"code\",\"message\"}} with a stable code and a message that names the field. No response or log line ever holds a value from a record except the result files you ask for."
  },
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "security": [{"bearer": []}],
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "Liveness: answers while the server runs.",
        "security": [],
        "responses": {"200": {"description": "Running.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"const": "ok"}}}}}}}
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document.",
        "security": [],
        "responses": {"200": {"description": "The OpenAPI 3.1 document.", "content": {"application/json": {}}}}
      }
    },
    "/v1/uploads": {
      "post": {
        "operationId": "upload",
        "summary": "Upload a file (streamed to disk, never held in memory); name it in a job by the returned path.",
        "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}, "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {
          "201": {"description": "Stored.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Upload"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/jobs": {
      "post": {
        "operationId": "createJob",
        "summary": "Queue a job: a JSON request naming files in the data directory, or a CSV body with ?kind=dedupe|validate.",
        "parameters": [{"name": "kind", "in": "query", "required": false, "description": "With a CSV body only: the job's kind (dedupe or validate).", "schema": {"type": "string", "enum": ["dedupe", "validate"]}}],
        "requestBody": {"required": true, "content": {
          "application/json": {"schema": {"$ref": "#/components/schemas/JobRequest"}},
          "text/csv": {"schema": {"type": "string", "format": "binary"}}
        }},
        "responses": {
          "202": {"description": "Queued; poll the Location.", "headers": {"Location": {"schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "400": {"$ref": "#/components/responses/Error"},
          "401": {"$ref": "#/components/responses/Error"},
          "413": {"$ref": "#/components/responses/Error"},
          "415": {"$ref": "#/components/responses/Error"},
          "429": {"description": "The queue is full.", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "503": {"$ref": "#/components/responses/Error"}
        }
      },
      "get": {
        "operationId": "listJobs",
        "summary": "Every job, newest first.",
        "responses": {
          "200": {"description": "The jobs.", "content": {"application/json": {"schema": {"type": "object", "required": ["jobs"], "properties": {"jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}}}}},
          "401": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/jobs/{id}": {
      "parameters": [{"$ref": "#/components/parameters/JobID"}],
      "get": {
        "operationId": "getJob",
        "summary": "A job: its state, progress (stage, done, total) and, once succeeded, its files.",
        "responses": {
          "200": {"description": "The job.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      },
      "delete": {
        "operationId": "deleteJob",
        "summary": "Cancel a queued or running job; remove a finished job and its files.",
        "responses": {
          "200": {"description": "A queued job, now cancelled.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "202": {"description": "A running job; it stops within one parallel chunk and becomes cancelled.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "204": {"description": "A finished job, removed with its files."},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"}
        }
      }
    },
    "/v1/jobs/{id}/files/{name}": {
      "parameters": [{"$ref": "#/components/parameters/JobID"}, {"name": "name", "in": "path", "required": true, "description": "A file name from the job's files.", "schema": {"type": "string"}}],
      "get": {
        "operationId": "getJobFile",
        "summary": "A result file of a succeeded job, streamed.",
        "responses": {
          "200": {"description": "The file.", "content": {"text/csv": {}, "application/json": {}}},
          "401": {"$ref": "#/components/responses/Error"},
          "404": {"$ref": "#/components/responses/Error"},
          "409": {"$ref": "#/components/responses/Error"}
        }
      }
    },
\#(RegisterRoutes.openAPIPaths)
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Required when the server listens beyond loopback (--token-file)."}},
    "parameters": {"JobID": {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^j_[0-9a-f]{16}$"}}, \#(RegisterRoutes.openAPIComponents)},
    "responses": {"Error": {"description": "An error.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
    "schemas": {
      "Error": {
        "type": "object", "required": ["error"], "additionalProperties": false,
        "properties": {"error": {"type": "object", "required": ["code", "message"], "additionalProperties": false, "properties": {
          "code": {"type": "string", "description": "Stable: malformed_json, unknown_field, invalid_field, unknown_parameter, empty_body, body_too_large, unsupported_media_type, missing_token, invalid_token, path_outside_data_dir, input_not_found, input_not_a_file, job_not_found, job_not_finished, file_not_found, queue_full, shutting_down, not_found, storage_error, internal_error."},
          "message": {"type": "string", "description": "For people; names the field, parameter or header at fault."}
        }}}
      },
      "Upload": {"type": "object", "required": ["path", "bytes"], "properties": {"path": {"type": "string", "description": "Relative to the data directory, e.g. uploads/u_0123456789abcdef.csv."}, "bytes": {"type": "integer"}}},
      "JobRequest": {
        "type": "object", "required": ["kind", "inputs"], "additionalProperties": false,
        "properties": {
          "kind": {"type": "string", "enum": ["dedupe", "link", "validate", "update", "suppress"]},
          "inputs": {"$ref": "#/components/schemas/JobInputs"},
          "options": {"$ref": "#/components/schemas/JobOptions"}
        }
      },
      "JobInputs": {
        "type": "object", "additionalProperties": false,
        "description": "Paths relative to the data directory (an upload's path, or a file placed there). dedupe: register (+ settings, model); link: register, reference (+ settings, model); validate: register; update: register, reference (+ phonebook); suppress: register, nix.",
        "properties": {
          "register": {"type": "string"}, "reference": {"type": "string"}, "phonebook": {"type": "string"},
          "nix": {"type": "string"}, "settings": {"type": "string"}, "model": {"type": "string"}
        }
      },
      "JobOptions": {
        "type": "object", "additionalProperties": false,
        "description": "dedupe, link: match_threshold, review_threshold; validate: reference_date; update: min_weight, margin, append; suppress: wash_date.",
        "properties": {
          "match_threshold": {"type": "number", "minimum": -100, "maximum": 100},
          "review_threshold": {"type": "number", "minimum": -100, "maximum": 100},
          "reference_date": {"type": "string", "format": "date"},
          "min_weight": {"type": "number", "minimum": -100, "maximum": 100},
          "margin": {"type": "number", "minimum": 0, "maximum": 100},
          "append": {"type": "array", "items": {"type": "string"}},
          "wash_date": {"type": "string", "format": "date"}
        }
      },
      "Job": {
        "type": "object", "required": ["id", "kind", "state", "created", "inputs", "options"],
        "properties": {
          "id": {"type": "string"},
          "kind": {"type": "string", "enum": ["dedupe", "link", "validate", "update", "suppress"]},
          "state": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]},
          "created": {"type": "string", "format": "date-time"},
          "started": {"type": "string", "format": "date-time"},
          "finished": {"type": "string", "format": "date-time"},
          "inputs": {"$ref": "#/components/schemas/JobInputs"},
          "options": {"$ref": "#/components/schemas/JobOptions"},
          "progress": {"type": "object", "required": ["stage", "done", "total"], "properties": {
            "stage": {"type": "string", "description": "read, features, blocking, compare, train, score, cluster, write (dedupe, link); read, check, write (validate); read, link, write (update); read, flag, write (suppress)."},
            "done": {"type": "integer"}, "total": {"type": "integer", "description": "0 when not known; bytes for read."}
          }},
          "files": {"type": "array", "items": {"type": "object", "required": ["name", "bytes"], "properties": {"name": {"type": "string"}, "bytes": {"type": "integer"}}}},
          "error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "string", "description": "unreadable_input, invalid_settings, unusable_input, storage_error, job_failed, cancelled, shutdown, interrupted."}, "message": {"type": "string"}}}
        }
      }
    }
  }
}
"""#
}
