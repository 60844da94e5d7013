# rmx_add_plugin(NAME SOURCES... [LIBS libs...])
# Builds an in-tree plugin as a MODULE into the build tree's plugin folder
# and installs it. Out-of-tree plugins use the installed package instead
# (docs/plugin-guide.md).
function(rmx_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} MODULE ${P_SOURCES})
  target_link_libraries(${name} PRIVATE radiomix_sdk ${M_LIBRARY} ${P_LIBS})
  set_target_properties(${name} PROPERTIES
    PREFIX "" C_VISIBILITY_PRESET hidden
    LIBRARY_OUTPUT_DIRECTORY ${RMX_PLUGIN_OUTPUT_DIR})
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  install(TARGETS ${name} LIBRARY DESTINATION ${RMX_PLUGIN_SUBDIR})
  set_property(GLOBAL APPEND PROPERTY RMX_PLUGINS ${name})
endfunction()

# Adds every immediate subfolder of DIR that has a CMakeLists.txt, so a new
# plugin or test folder needs no edit elsewhere.
function(rmx_add_subdirs dir)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${dir} ${dir}/*)
  list(SORT children)
  foreach(child ${children})
    if(IS_DIRECTORY ${dir}/${child} AND EXISTS ${dir}/${child}/CMakeLists.txt)
      add_subdirectory(${dir}/${child})
    endif()
  endforeach()
endfunction()
