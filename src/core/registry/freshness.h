// Freshness: the one rule by which the queen judges anything that sends heartbeats (workers,
// hives) from the age of its last one: online up to the timeout, offline after it, dropped after
// kDropFactor times it. Pure functions; the registries apply them with their own Clock.
#pragma once

#include <QString>

namespace rbee::core::Freshness {

inline constexpr int kDropFactor = 10;

enum class State { Online, Offline, Dropped };

// An age exactly at the timeout is still online.
State of(qint64 ageMs, qint64 timeoutMs);
// "no heartbeat for 17 s": the offline reason for that age.
QString offlineReason(qint64 ageMs);

}  // namespace rbee::core::Freshness
