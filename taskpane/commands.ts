// The add-in's FunctionFile (manifest.xml, DesktopFormFactor/FunctionFile): the page Office
// loads for ExecuteFunction commands. The add-in has none (its one button opens the pane),
// but Microsoft's templates always name a FunctionFile and some hosts reject a manifest with
// add-in commands that has none. The page only tells Office it is ready.
Office.onReady(() => undefined).catch(() => undefined);
