/*
** Internal: frame constructors for callers whose column names are known to
** be valid.
**
** ps_frame_new refuses NULL, empty and duplicate names.  Finding duplicates
** sorts the names, which was about half the cost of preparing a projection
** frame of a city model (and grows as n log n string comparisons for wide
** models).  A frame whose columns are a model's series needs none of it: the
** model reader refuses a second declaration of a name, and the generated
** add-factor names cannot collide with declared ones.  Such callers use
** ps_frame_new_known_ or ps_frame_new_cols_ instead; everything
** user-supplied (CSV headers, the public ps_frame_new) keeps the check.
**
** The names of such a frame are also copied into one block (namepool_ in
** frame.h) rather than one allocation each: a hundred mallocs and frees were
** the next largest cost.  Frames from ps_frame_new keep one allocation per
** name, so callers that replace a name of such a frame keep working.
*/
#ifndef PS_FRAME_INT_H
#define PS_FRAME_INT_H

#include "frame/frame.h"

/* ps_frame_new without the name checks: `names` must be non-NULL and hold
** nvar non-empty, pairwise different strings (copied into one block).  The
** shape and the frequency are still checked; the data are NaN, as from
** ps_frame_new.  Freed with ps_frame_free. */
int ps_frame_new_known_(int nvar, int nper, ps_freq freq, long start,
                          const char *const *names, ps_frame **out, ps_error *err);

/* A frame of NaNs with the columns of `cols` (names copied into one block),
** whose names are known to be valid (checked when it was made, or a model's
** series): a projection frame takes the history's columns.  When `cols` is
** pooled its block is copied whole, one memcpy instead of a strlen and a
** copy per name.  Shape and frequency are checked; freed with ps_frame_free. */
int ps_frame_new_cols_(const ps_frame *cols, int nper, ps_freq freq, long start,
                         ps_frame **out, ps_error *err);

/* An infinite value cannot be written (CSV and JSON hold finite numbers):
** PS_ERR_DATA "cannot write 'NAME' in period P: the value is +Inf, and
** WHY", WHY saying what the format holds instead. */
int ps_frame_inf_error(ps_error *err, const char *name, long period, ps_freq freq, double x,
                       const char *why);

#endif
