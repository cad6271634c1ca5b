// The imports the browser builds' C++ declares (wasm/decimal_host.cpp), named
// for Emscripten's link step so that it accepts them as coming from the
// host. No JS is emitted from this file: js/wasm.js supplies the functions.
/* global mergeInto, LibraryManager -- Emscripten defines them for library files */
mergeInto(LibraryManager.library, {
  mizan_number_read: function () {},
  mizan_number_spell: function () {},
})
