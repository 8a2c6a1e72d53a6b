/* SPDX-License-Identifier: MIT */
/*
 * wt.h - everything public in wtkit, in one include.
 */
#ifndef WT_WT_H
#define WT_WT_H

#define WT_VERSION "0.1.0"

#include "errors.h"
#include "alloc.h"
#include "prng.h"
#include "op.h"
#include "trace.h"
#include "loop.h"
#include "sock.h"
#include "transport.h"
#include "world.h"
#include "spec.h"

#endif
