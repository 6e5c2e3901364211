# chorus_library(NAME x SRCS ... DEPS ...) defines target chorus_x (alias
# chorus::x) with includes rooted at src/. chorus_test(NAME x_test SRCS ...
# DEPS ...) builds a GoogleTest binary and registers its tests with CTest.

set(CHORUS_WARNINGS -Wall -Wextra -Wconversion -Wsign-conversion -Wshadow)
if(CHORUS_WERROR)
  list(APPEND CHORUS_WARNINGS -Werror)
endif()
# Sanitizer reports are fatal (-fno-sanitize-recover=all), so a report fails
# the test or the fuzz run that caused it instead of scrolling past.
if(CHORUS_SANITIZE OR CHORUS_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  # clang 14 cannot emit C++20 coroutines (server/http_server.cc) under
  # -fsanitize=function: "Cannot represent a difference across sections".
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_compile_options(-fno-sanitize=function)
  endif()
endif()
# Fuzzing: every library gets libFuzzer's coverage instrumentation; only the
# fuzz targets (tests/fuzz) link libFuzzer itself, which brings its own main().
if(CHORUS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CHORUS_FUZZ needs clang (libFuzzer): use the fuzz preset or -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

function(chorus_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(chorus_${ARG_NAME} STATIC ${ARG_SRCS})
  add_library(chorus::${ARG_NAME} ALIAS chorus_${ARG_NAME})
  target_include_directories(chorus_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(chorus_${ARG_NAME} PRIVATE ${CHORUS_WARNINGS})
  target_link_libraries(chorus_${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# A module whose sources are every .cc in its folder (so parallel work on one
# module never edits the same list): chorus_module(NAME x DEPS ... PRIVATE_DEPS ...).
function(chorus_module)
  cmake_parse_arguments(ARG "" "NAME" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(NOT srcs)
    return()  # a module whose sources are not written yet
  endif()
  chorus_library(NAME ${ARG_NAME} SRCS ${srcs} DEPS ${ARG_DEPS} PRIVATE_DEPS ${ARG_PRIVATE_DEPS})
endfunction()

# The tests of one module: every *_test.cc in the folder, one binary.
function(chorus_module_test)
  cmake_parse_arguments(ARG "" "NAME" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(NOT srcs)
    return()  # a module whose tests are not written yet
  endif()
  chorus_test(NAME ${ARG_NAME} SRCS ${srcs} DEPS ${ARG_DEPS})
endfunction()

function(chorus_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_compile_options(${ARG_NAME} PRIVATE ${CHORUS_WARNINGS})
  target_link_libraries(${ARG_NAME} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${ARG_NAME} PRIVATE
    CHORUS_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    CHORUS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT "CHORUS_TEST=1")
endfunction()
