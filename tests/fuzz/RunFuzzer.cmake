# Runs one fuzz target for SECONDS on a fresh copy of its seed corpus; called by ctest (see
# CMakeLists.txt here). A crash or a broken invariant leaves its input in WORK/artifacts/.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/artifacts ${WORK}/corpus)
file(COPY ${SEEDS}/ DESTINATION ${WORK}/corpus)
set(dict_option "")
if(DICT)
    set(dict_option -dict=${DICT})
endif()
# No input takes more than milliseconds; the generous -timeout is for a loaded machine, where a
# process can be starved for over 10 s (seen with -timeout=10: two targets "timed out" at once).
execute_process(COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=60 -print_final_stats=1 ${dict_option}
                        -artifact_prefix=${WORK}/artifacts/ ${WORK}/corpus
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${FUZZER} failed (${rc}); the input is in ${WORK}/artifacts/")
endif()
