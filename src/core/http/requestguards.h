// Request guards shared by the queen and the worker: the cross-site rule (an Origin header that is
// not the server's own) and the JSON media type of POST bodies. Pure functions of the request.
#pragma once

#include "../error.h"
#include "httprequest.h"

#include <optional>

namespace rbee::core {

// 403 forbidden when the request carries an Origin other than http(s):// plus its own Host.
std::optional<Error> crossSiteError(const HttpRequest &request);
// 415 unsupported_media_type when the body is not declared as application/json.
std::optional<Error> mediaTypeError(const HttpRequest &request);

}  // namespace rbee::core
