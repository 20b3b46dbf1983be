/*
** Internal: joining file paths.  One rule for every module that builds a
** path from a folder and a name (model folders, batch folders, records).
*/
#ifndef PS_UTIL_PATH_H
#define PS_UTIL_PATH_H

/* "dir/name", malloc'ed (the caller frees); "dir" + "name" when dir ends
** in '/' ("/" + "x" is "/x"), just "name" when dir is "" (a path relative to
** the current folder).  NULL when out of memory. */
char *ps_path_join(const char *dir, const char *name);

#endif
