// Placeholder so the text target has a source while names.cc is written.
namespace chorus::text {}
