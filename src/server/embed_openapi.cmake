# Writes OUTPUT: a C++ file holding the bytes of INPUT as
# chorus::server::kOpenApiYaml / kOpenApiYamlSize.
file(READ ${INPUT} content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT}.tmp
  "// Generated from docs/api/openapi.yaml by embed_openapi.cmake. Do not edit.\n"
  "#include <cstddef>\n"
  "namespace chorus::server {\n"
  "extern const unsigned char kOpenApiYaml[];\n"
  "extern const size_t kOpenApiYamlSize;\n"
  "const unsigned char kOpenApiYaml[] = {\n${bytes}0x00};\n"
  "const size_t kOpenApiYamlSize = ${size};\n"
  "}  // namespace chorus::server\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
