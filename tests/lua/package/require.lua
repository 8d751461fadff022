-- require with package.path templates, package.loaded caching and module arguments
package.path = "package/mods/?.luam;package/mods/?/init.luam"
package.cpath = ""
local m = require("plain")
print(m.value, m.name, m.file)
print(require("plain") == m, package.loaded.plain == m)
print(require("noreturn"), package.loaded.noreturn)
print(require("setsloaded"))
print(require("sub"))
print(require("sub.leaf"))
print(require("shebang"))
print(require("returnsfalse"), package.loaded.returnsfalse)
-- preload
package.preload.virtual = function(name, extra)
  print("preload loader", name, extra)
  return {virtual = true}
end
print(require("virtual").virtual)
print(require("virtual") == package.loaded.virtual)
-- libraries are in package.loaded
print(package.loaded.string == string, package.loaded._G == _G, package.loaded.math == math, package.loaded.io == io)
print(require("string") == string, require("os") == os)
-- errors
local function try(...) print(pcall(require, ...)) end
try("nonexistent")
try("nonexistent.deep")
try("bad")
try("fails")
try()
package.path = "package/mods/?.luam"
package.cpath = "./?.so"
try("nothere")
package.path = 42
try("plain2")
package.path = {}
print(select(2, pcall(require, "plain3")))
package.path = "package/mods/?.luam"
package.searchers = nil
try("x")
