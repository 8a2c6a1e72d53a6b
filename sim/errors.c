/* SPDX-License-Identifier: MIT */
/*
 * errors.c - names, messages and Python exception names of the status
 * codes, all generated from WT_ERRNO_MAP so they cannot drift apart.
 */
#include <string.h>

#include "wt/errors.h"

const char *wt_strerror(int rc)
{
    switch (rc) {
    case WT_OK:
        return "success";
#define WT_ERR_MSG(name, value, py, msg) \
    case WT_##name:                      \
        return msg;
        WT_ERRNO_MAP(WT_ERR_MSG)
#undef WT_ERR_MSG
    default:
        return "unknown error";
    }
}

const char *wt_err_name(int rc)
{
    switch (rc) {
    case WT_OK:
        return "OK";
#define WT_ERR_NAME(name, value, py, msg) \
    case WT_##name:                       \
        return #name;
        WT_ERRNO_MAP(WT_ERR_NAME)
#undef WT_ERR_NAME
    default:
        return "UNKNOWN";
    }
}

const char *wt_err_python(int rc)
{
    switch (rc) {
#define WT_ERR_PY(name, value, py, msg) \
    case WT_##name:                     \
        return py;
        WT_ERRNO_MAP(WT_ERR_PY)
#undef WT_ERR_PY
    default:
        return NULL;
    }
}

int wt_err_lookup(const char *name, int *rc_out)
{
    if (name == NULL || rc_out == NULL) {
        return WT_EINVAL;
    }
    if (strcmp(name, "OK") == 0 || strcmp(name, "None") == 0) {
        *rc_out = WT_OK;
        return WT_OK;
    }
    /* The table is ordered contract-first, so the first match wins. */
#define WT_ERR_FIND(name_, value, py, msg)                                          \
    if (strcmp(name, #name_) == 0 || ((py) != NULL && strcmp(name, (py) ? (py) : "") == 0)) { \
        *rc_out = (value);                                                          \
        return WT_OK;                                                               \
    }
    WT_ERRNO_MAP(WT_ERR_FIND)
#undef WT_ERR_FIND
    return WT_ENOENT;
}
