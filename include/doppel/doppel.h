// The doppel library: find every copy and every rewrite of a text in a corpus.
#pragma once

#include "doppel/document.h"
#include "doppel/engine.h"
#include "doppel/options.h"
#include "doppel/report.h"
#include "doppel/status.h"
#include "doppel/version.h"
