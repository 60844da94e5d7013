/* lua_models.h: Lua classifier and selector objects (radiomix.classifier, radiomix.selector, radiomix.ensemble_select). */
#ifndef RMX_HOST_LUA_MODELS_H
#define RMX_HOST_LUA_MODELS_H

#include <lua.h>

#define RMX_CLASSIFIER_MT "radiomix.Classifier"
#define RMX_SELECTOR_MT "radiomix.Selector"

/* Adds classifier, load_classifier, selector and ensemble_select to the
 * module table at index mod (listed in lua_radiomix.c's openers). */
void rmx_lua_open_models(lua_State *L, int mod);

#endif
