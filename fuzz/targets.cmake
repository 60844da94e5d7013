# targets.cmake: the libFuzzer targets, included at the end of the top-level configure by hook.cmake (fuzz/run.sh).
foreach(t nrrd mask params csv families)
  add_executable(fuzz_${t} ${RMX_FUZZ_DIR}/fuzz_${t}.c)
  target_link_libraries(fuzz_${t} PRIVATE rmxcore)
  # libFuzzer's main; -rdynamic lets the instrumented plugins find the sanitizer and coverage hooks
  target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer -rdynamic)
  set_target_properties(fuzz_${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
endforeach()
target_compile_definitions(fuzz_families PRIVATE RMX_FUZZ_PLUGIN_DIR="${RMX_PLUGIN_OUTPUT_DIR}")
add_dependencies(fuzz_families firstorder glcm gldm glrlm glszm ngtdm shape shape2D)
