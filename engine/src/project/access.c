/* The accessor of the public half (polsim/project.h), where ps_project is opaque. */
#include "project/project.h"

const ps_model *ps_project_model(const ps_project *p) { return p ? p->model : NULL; }
