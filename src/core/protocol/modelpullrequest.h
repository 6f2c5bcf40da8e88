// ModelPullRequest: the body of POST /v1/hive/models on a hive and of POST /v1/hives/{name}/models
// on the queen: put a model file into a hive's folder, downloaded from a URL or copied from
// another hive (docs/protocol.md, "Models across the LAN").
#pragma once

#include "../result.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct ModelPullRequest {
    QString model;     // the name it gets in the folder (HiveModel::validateName)
    QString url;       // an http(s) URL of a GGUF file; no token is sent to it
    QString fromHive;  // or: the name of the hive to copy it from (resolved through the queen)
    QString sha256;    // expected lower-case hex digest; empty = not checked (a peer's own is used when it has one)

    QJsonObject toJson() const;
    // Strict: exactly one of url and from_hive; unknown fields refused.
    static Result<ModelPullRequest> fromJson(const QJsonObject &object);
    friend bool operator==(const ModelPullRequest &, const ModelPullRequest &) = default;
};

}  // namespace rbee::core
