/*
** The accessors of the public half (polsim/model.h): an embedder sees
** ps_model as an opaque type, so every field it may read has a function.
** Out-of-range indexes give NULL / -1 / 0 rather than undefined behaviour,
** because an embedder's index usually comes from ps_model_find, which
** returns -1 for an unknown name.
*/
#include "model/model.h"

static const ps_symbol *sym_at(const ps_model *m, int sym) {
    return m && sym >= 0 && sym < m->nsym ? &m->syms[sym] : NULL;
}

const char *ps_model_name(const ps_model *m) { return m ? m->name : NULL; }
const char *ps_model_title(const ps_model *m) { return m ? m->title : NULL; }
ps_freq ps_model_freq(const ps_model *m) { return m ? m->freq : PS_FREQ_ANNUAL; }
int ps_model_nsym(const ps_model *m) { return m ? m->nsym : 0; }

const char *ps_model_sym_name(const ps_model *m, int sym) {
    const ps_symbol *s = sym_at(m, sym);
    return s ? s->name : NULL;
}

const char *ps_model_sym_description(const ps_model *m, int sym) {
    const ps_symbol *s = sym_at(m, sym);
    return s ? s->description : NULL;
}

const char *ps_model_sym_unit(const ps_model *m, int sym) {
    const ps_symbol *s = sym_at(m, sym);
    return s ? s->unit : NULL;
}

int ps_model_sym_kind(const ps_model *m, int sym) {
    const ps_symbol *s = sym_at(m, sym);
    return s ? (int)s->kind : -1;
}

int ps_model_sym_lever(const ps_model *m, int sym) {
    const ps_symbol *s = sym_at(m, sym);
    return s ? s->lever : 0;
}
