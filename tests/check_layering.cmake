# Fails when a library includes a header of a layer it may not depend on.
# The layers and what each may include (dependencies one way):
#   core                      value types, geometry, file I/O
#   models    -> core         ground-truth particles
#   sim       -> core         the ADF-STEM simulator (never the reconstruction's projector)
#   recon     -> core         pre-processing and reconstruction
#   tracing   -> recon        from a volume to atoms and species
#   analysis  -> core         the paper's measurements on any atom model
#   pipeline  -> tracing      the whole chain on a tilt series, with no truth
#   validation-> pipeline, analysis, models, sim   scoring against the truth
#   app       -> everything   the command line
cmake_policy(VERSION 3.20)  # if(IN_LIST)
set(allowed_core core)
set(allowed_models core models)
set(allowed_sim core sim)
set(allowed_recon core recon)
set(allowed_tracing core recon tracing)
set(allowed_analysis core analysis)
set(allowed_pipeline core recon tracing pipeline)
set(allowed_validation core models sim recon tracing analysis pipeline validation)
set(layers core models sim recon tracing analysis pipeline validation app)
set(bad "")
foreach(layer core models sim recon tracing analysis pipeline validation)
  file(GLOB_RECURSE files "${ROOT}/${layer}/*.hpp" "${ROOT}/${layer}/*.cpp")
  foreach(f ${files})
    file(STRINGS "${f}" includes REGEX "#include [\"<][a-z]+/")
    foreach(line ${includes})
      string(REGEX MATCH "#include [\"<]([a-z]+)/" _ "${line}")
      set(target "${CMAKE_MATCH_1}")
      if(target IN_LIST layers AND NOT target IN_LIST allowed_${layer})
        list(APPEND bad "${f} includes ${target}/ (${layer} may include only: ${allowed_${layer}})")
      endif()
    endforeach()
  endforeach()
endforeach()
if(bad)
  string(REPLACE ";" "\n" msg "${bad}")
  message(FATAL_ERROR "layering violated:\n${msg}")
endif()
message(STATUS "layering ok")
