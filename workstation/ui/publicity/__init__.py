"""The 普法宣传 page's widgets (activity form, photo strip) and the 服务指引 directory's."""
