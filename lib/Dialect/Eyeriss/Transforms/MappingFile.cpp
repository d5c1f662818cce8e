//===- MappingFile.cpp - Reading and writing mapping files ----------------===//

#include "eyeriss/Dialect/Eyeriss/Transforms/MappingFile.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissAttrs.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissDialect.h"
#include "eyeriss/Dialect/Eyeriss/IR/EyerissOps.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace eyeriss;
using namespace llvm;

namespace {
/// Renders a json::Path error as "file: at layers[2].mapping.p: message".
Error pathError(const json::Path::Root &root, StringRef bufferName) {
  std::string msg;
  raw_string_ostream os(msg);
  os << bufferName << ": ";
  Error err = root.getError();
  os << toString(std::move(err));
  return createStringError(os.str());
}

bool onlyKnownKeys(const json::Object &obj, ArrayRef<StringRef> known,
                   json::Path path) {
  for (const auto &kv : obj) {
    if (!llvm::is_contained(known, kv.first.str())) {
      path.field(kv.first).report("unknown field");
      return false;
    }
  }
  return true;
}

bool readPositive(const json::Object &obj, StringRef key, int64_t &out,
                  json::Path path) {
  const json::Value *v = obj.get(key);
  if (!v) {
    path.field(key).report("missing field");
    return false;
  }
  std::optional<int64_t> i = v->getAsInteger();
  if (!i) {
    path.field(key).report("expected an integer");
    return false;
  }
  if (*i < 1) {
    path.field(key).report("must be at least 1");
    return false;
  }
  out = *i;
  return true;
}

bool readMapping(const json::Value &value, RSMapping &mapping,
                 json::Path path) {
  const json::Object *obj = value.getAsObject();
  if (!obj) {
    path.report("expected an object {m, n, e, p, q, r, t}");
    return false;
  }
  if (!onlyKnownKeys(*obj, {"m", "n", "e", "p", "q", "r", "t"}, path))
    return false;
  return readPositive(*obj, "m", mapping.m, path) &&
         readPositive(*obj, "n", mapping.n, path) &&
         readPositive(*obj, "e", mapping.e, path) &&
         readPositive(*obj, "p", mapping.p, path) &&
         readPositive(*obj, "q", mapping.q, path) &&
         readPositive(*obj, "r", mapping.r, path) &&
         readPositive(*obj, "t", mapping.t, path);
}

bool readShape(const json::Value &value, MappingFileEntry &entry,
               json::Path path) {
  const json::Object *obj = value.getAsObject();
  if (!obj) {
    path.report("expected an object {N, C, M, H, W, R, S, E, F, U, groups}");
    return false;
  }
  SmallVector<StringRef> known;
  for (const auto &field : mappingFileShapeFields(LayerShape()))
    known.push_back(field.first);
  if (!onlyKnownKeys(*obj, known, path))
    return false;
  // In the format's order, not the JSON object's (which is hashed).
  for (StringRef key : known) {
    int64_t v;
    if (obj->get(key)) {
      if (!readPositive(*obj, key, v, path))
        return false;
      entry.shape.emplace_back(key.str(), v);
    }
  }
  return true;
}

bool readFile(const json::Value &value, MappingFile &file, json::Path path) {
  const json::Object *obj = value.getAsObject();
  if (!obj) {
    path.report("expected an object");
    return false;
  }
  if (!onlyKnownKeys(*obj, {"format_version", "arch", "source", "layers"},
                     path))
    return false;
  std::optional<int64_t> version =
      obj->get("format_version") ? obj->get("format_version")->getAsInteger()
                                 : std::nullopt;
  if (!version) {
    path.field("format_version").report("expected an integer");
    return false;
  }
  static_assert(kMappingFileFormatVersion == 1, "update the message below");
  if (*version != kMappingFileFormatVersion) {
    path.field("format_version")
        .report("unsupported version (this build reads version 1)");
    return false;
  }
  if (const json::Value *arch = obj->get("arch")) {
    std::optional<StringRef> s = arch->getAsString();
    if (!s) {
      path.field("arch").report("expected a string");
      return false;
    }
    file.arch = s->str();
  }
  const json::Array *layers =
      obj->get("layers") ? obj->get("layers")->getAsArray() : nullptr;
  if (!layers) {
    path.field("layers").report("expected an array of layers");
    return false;
  }
  llvm::StringSet<> seen;
  // A Path refers to its parent: the parent must outlive it.
  json::Path layersPath = path.field("layers");
  for (size_t i = 0; i < layers->size(); ++i) {
    json::Path lp = layersPath.index(i);
    const json::Object *layer = (*layers)[i].getAsObject();
    if (!layer) {
      lp.report("expected an object {name, mapping}");
      return false;
    }
    if (!onlyKnownKeys(*layer, {"name", "op", "shape", "mapping", "cost"}, lp))
      return false;
    MappingFileEntry entry;
    std::optional<StringRef> name =
        layer->get("name") ? layer->get("name")->getAsString() : std::nullopt;
    if (!name) {
      lp.field("name").report("expected the layer's name (a string)");
      return false;
    }
    entry.name = name->str();
    if (!seen.insert(entry.name).second) {
      lp.field("name").report("this layer is already pinned");
      return false;
    }
    const json::Value *mapping = layer->get("mapping");
    if (!mapping) {
      lp.field("mapping").report("missing field");
      return false;
    }
    if (!readMapping(*mapping, entry.mapping, lp.field("mapping")))
      return false;
    if (const json::Value *shape = layer->get("shape"))
      if (!readShape(*shape, entry, lp.field("shape")))
        return false;
    file.layers.push_back(std::move(entry));
  }
  return true;
}
} // namespace

SmallVector<std::pair<StringRef, int64_t>>
eyeriss::mappingFileShapeFields(const LayerShape &s) {
  return {{"N", s.N}, {"C", s.C}, {"M", s.M}, {"H", s.H},
          {"W", s.W}, {"R", s.R}, {"S", s.S}, {"E", s.E},
          {"F", s.F}, {"U", s.strideH}, {"groups", s.groups}};
}

Expected<MappingFile> eyeriss::parseMappingFile(StringRef text,
                                                StringRef bufferName) {
  Expected<json::Value> value = json::parse(text);
  if (!value)
    return createStringError(bufferName + ": " +
                             toString(value.takeError()));
  MappingFile file;
  json::Path::Root root("mapping file");
  if (!readFile(*value, file, root))
    return pathError(root, bufferName);
  return file;
}

Expected<MappingFile> eyeriss::readMappingFile(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return createStringError("cannot read mapping file '" + path +
                             "': " + buffer.getError().message());
  return parseMappingFile((*buffer)->getBuffer(), path);
}

json::Value eyeriss::mappingFileToJSON(ModuleOp module) {
  json::Array layers;
  module.walk([&](ArrayLayerOpInterface layer) {
    RSMappingAttr attr = layer.getRSMapping();
    if (!attr)
      return;
    RSMapping mp = attr.getMapping();
    json::Object shape;
    for (const auto &[key, value] :
         mappingFileShapeFields(layer.getLayerShape()))
      shape[key] = value;
    layers.push_back(json::Object{
        {"name", getLayerName(layer)},
        {"op", layer->getName().stripDialect()},
        {"shape", std::move(shape)},
        {"mapping", json::Object{{"m", mp.m}, {"n", mp.n}, {"e", mp.e},
                                 {"p", mp.p}, {"q", mp.q}, {"r", mp.r},
                                 {"t", mp.t}}}});
  });
  json::Object file{{"format_version", kMappingFileFormatVersion},
                    {"layers", std::move(layers)}};
  if (auto target = module->getAttrOfType<TargetAttr>(
          EyerissDialect::kTargetAttrName))
    file["arch"] = target.getArch().str();
  return file;
}
