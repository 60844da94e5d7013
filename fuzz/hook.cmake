# hook.cmake: CMAKE_PROJECT_INCLUDE of fuzz/run.sh: adds the fuzz targets once the whole tree is defined.
set(RMX_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL include ${RMX_FUZZ_DIR}/targets.cmake)
