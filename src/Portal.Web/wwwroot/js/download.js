// Saves a server-made file (a DotNetStreamReference) in the browser: see Infrastructure/FileDownload.cs.
window.portalDownload = async (fileName, contentType, streamReference) => {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
};
